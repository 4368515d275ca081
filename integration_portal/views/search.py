"""The search across every kind of record, in one ranked list.

Each kind's published records matching the words are ranked by ``ts_rank`` on their search
documents (titles weigh most); one ``UNION ALL`` query gives a page of all kinds. Places are
read as :func:`search` says.
"""

from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import CharField, DateTimeField, F, Value
from django.db.models.functions import Cast, Left
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from core.listing import KnownCountPaginator, pagination
from core.parameters import reads_parameters
from core.search import search_terms
from events.models import Event
from integration_portal.views.territories import territory_url
from partners.models import Organisation
from programmes.models import Programme, Scheme
from reference import territories

PAGE_SIZE = 20
EXCERPT = 300
# A word found in a large share of the records (« réfugiés ») would have every match ranked:
# each kind's first matches found are ranked and counted, the page says there are more.
CANDIDATES = 1000
KINDS = {
    "programme": (_("Programme"), _("Programmes")),
    "dispositif": (_("Dispositif"), _("Dispositifs")),
    "structure": (_("Structure"), _("Structures")),
    "evenement": (_("Événement"), _("Événements")),
}
COLUMNS = [
    "result_kind",
    "record_id",
    "result_heading",
    "result_acronym",
    "result_summary",
    "result_start",
    "result_department",
    "result_region",
    "result_rank",
]
MODELS = {
    "programme": Programme,
    "dispositif": Scheme,
    "structure": Organisation,
    "evenement": Event,
}


class Result:
    """One line of the results: enough of a record to name it, link to it and place it."""

    def __init__(self, row: dict):
        self.kind = row["result_kind"]
        self.kind_label = KINDS[self.kind][0]
        model = MODELS[self.kind]
        fields = {"pk": row["record_id"]}
        if self.kind in ("programme", "evenement"):
            fields["title"] = row["result_heading"]
        else:
            fields |= {"name": row["result_heading"], "acronym": row["result_acronym"]}
        self.record = model(**fields)
        self.heading = str(self.record)
        self.url = self.record.get_absolute_url()
        self.summary = row["result_summary"]
        self.start = row["result_start"]
        department = territories.departments().get(row["result_department"])
        region = territories.regions().get(row["result_region"])
        self.place = department or region


def typed(queryset, kind: str, query, *, heading, acronym=None, summary, start=None, located=True):
    """A kind's matching records, as the columns the union shares."""
    text = CharField()
    return (
        queryset.filter(search_document=query)
        .annotate(
            result_kind=Value(kind, output_field=text),
            record_id=F("pk"),
            result_heading=F(heading),
            result_acronym=F(acronym) if acronym else Value("", output_field=text),
            result_summary=Left(summary, EXCERPT, output_field=text),
            result_start=F(start) if start else Cast(Value(None), DateTimeField()),
            result_department=F("department_code") if located else Value("", output_field=text),
            result_region=F("region_code") if located else Value("", output_field=text),
            result_rank=SearchRank(F("search_document"), query),
        )
        .values(*COLUMNS)
    )


def place_page(match: territories.PlaceMatch) -> territories.Place | None:
    """The one territory a place leads to (a commune's department), if its name is not
    shared by several."""
    if match.department:
        return match.department
    regions = [place for place in match.places if place.is_region]
    if not match.department_codes and len(regions) == 1:
        return regions[0]
    return None


@reads_parameters("q", "lieu", "type", "page")
def search(request):
    """A postcode alone leads to its department's page; a place's name alone too, unless the
    name is also a word of the records (« École », a commune of Savoie): the results are then
    shown with a link to the place. A place with other words filters the results."""
    text = request.GET.get("q", "").strip()
    match = territories.find_place(text) if text and request.GET.get("lieu") != "0" else None
    applied = match if match and match.department and (match.rest or match.postcode) else None
    named_alone = match if match and not match.rest and not applied else None
    if applied and not applied.rest:
        return place_redirect(applied.department, text)
    terms = search_terms(applied.rest if applied else text)
    context = {
        "q": text,
        "terms": terms,
        "applied": applied,
        "places": [],
        "without_place_url": "?" + urlencode({"q": text, "lieu": "0"}),
        "results": None,
    }
    if terms:
        context |= results(request, terms, applied)
    if named_alone:
        target = place_page(named_alone)
        if target and not context.get("all_total"):
            return place_redirect(target, text)
        context["places"] = [target] if target else named_alone.places
    return render(request, "integration_portal/search.html", context)


def place_redirect(place: territories.Place, text: str):
    return redirect(f"{territory_url(place)}?{urlencode({'depuis': text})}")


def results(request, terms, place) -> dict:
    query = SearchQuery(terms.tsquery, search_type="raw", config="simple")
    querysets = {
        "programme": typed(
            Programme.objects.published(), "programme", query, heading="title", summary="summary"
        ),
        "dispositif": typed(
            Scheme.objects.published(),
            "dispositif",
            query,
            heading="name",
            acronym="acronym",
            summary="summary",
            located=False,
        ),
        "structure": typed(
            Organisation.objects.published(),
            "structure",
            query,
            heading="name",
            acronym="acronym",
            summary="description",
        ),
        "evenement": typed(
            Event.objects.published(),
            "evenement",
            query,
            heading="title",
            summary="summary",
            start="start",
        ),
    }
    if place:  # schemes are national: left out of a place's results
        del querysets["dispositif"]
        for kind, queryset in querysets.items():
            querysets[kind] = queryset.filter(department_code__in=place.department_codes)
    counts = {kind: queryset[: CANDIDATES + 1].count() for kind, queryset in querysets.items()}
    more = {kind for kind, count in counts.items() if count > CANDIDATES}
    counts = {kind: min(count, CANDIDATES) for kind, count in counts.items()}
    chosen = request.GET.get("type")
    if chosen not in querysets:
        chosen = None
    order = ("-result_rank", "result_kind", "record_id")
    if chosen:  # one kind: its first matches found, ranked
        first = querysets[chosen].values_list("record_id", flat=True)[:CANDIDATES]
        ranked = querysets[chosen].filter(pk__in=first).order_by(*order)
    else:
        parts = [queryset[:CANDIDATES] for queryset in querysets.values()]
        ranked = parts[0].union(*parts[1:], all=True).order_by(*order)
    total = counts[chosen] if chosen else sum(counts.values())
    page = KnownCountPaginator(ranked, PAGE_SIZE, total).get_page(request.GET.get("page"))
    page.object_list = [Result(row) for row in page.object_list]
    base = {"q": request.GET.get("q", ""), **({"lieu": "0"} if request.GET.get("lieu") else {})}
    current = {**base, **({"type": chosen} if chosen else {})}
    return {
        "results": page,
        "pagination": pagination(page, lambda number: "?" + urlencode({**current, "page": number})),
        "total": total,
        "all_total": sum(counts.values()),
        "more": bool(more & ({chosen} if chosen else set(counts))),
        "candidates": CANDIDATES,
        "chosen": chosen,
        "kinds": [
            {
                "key": kind,
                "label": KINDS[kind][1],
                "count": count,
                "more": kind in more,
                "selected": kind == chosen,
                "url": "?" + urlencode({**base, "type": kind}),
            }
            for kind, count in counts.items()
        ],
        "all_kinds_url": "?" + urlencode(base),
    }
