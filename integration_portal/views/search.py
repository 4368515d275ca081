"""The search across every kind of record, in one ranked list.

Each kind's published records matching the words are ranked by ``ts_rank`` on their search
documents (titles weigh most); one ``UNION ALL`` query gives a page of all kinds. Places are
read as :func:`search` says.
"""

from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import CharField, DateTimeField, F, Value
from django.db.models.functions import Cast, Left
from django.shortcuts import redirect, render

from core import kinds
from core.listing import KnownCountPaginator, pagination
from core.parameters import reads_parameters
from core.search import search_terms
from integration_portal.views.territories import territory_url
from reference import territories

PAGE_SIZE = 20
EXCERPT = 300
# A word found in a large share of the records (« réfugiés ») would have every match ranked:
# each kind's first matches found are ranked and counted, the page says there are more.
CANDIDATES = 1000
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


class Result:
    """One line of the results: enough of a record to name it, link to it and place it."""

    def __init__(self, row: dict):
        kind = kinds.get(row["result_kind"])
        self.kind = kind.key
        self.kind_label = kind.label
        self.record = kind.of_row(row["record_id"], row["result_heading"], row["result_acronym"])
        self.heading = str(self.record)
        self.url = self.record.get_absolute_url()
        self.summary = row["result_summary"]
        self.start = row["result_start"]
        department = territories.departments().get(row["result_department"])
        region = territories.regions().get(row["result_region"])
        self.place = department or region


def typed(kind, query):
    """A kind's published records matching the query, as the columns the union shares."""
    text = CharField()
    return (
        kind.model.objects.published()
        .filter(search_document=query)
        .annotate(
            result_kind=Value(kind.key, output_field=text),
            record_id=F("pk"),
            result_heading=F(kind.heading),
            result_acronym=F(kind.acronym) if kind.acronym else Value("", output_field=text),
            result_summary=Left(kind.summary, EXCERPT, output_field=text),
            result_start=F(kind.start) if kind.start else Cast(Value(None), DateTimeField()),
            result_department=F("department_code") if kind.located else Value("", text),
            result_region=F("region_code") if kind.located else Value("", output_field=text),
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
    """A page of the results of every kind (or of the one ``type`` chosen), with each kind's
    count and the links choosing it."""
    querysets = matching(terms, place)
    counts = {kind: queryset[: CANDIDATES + 1].count() for kind, queryset in querysets.items()}
    more = {kind for kind, count in counts.items() if count > CANDIDATES}
    counts = {kind: min(count, CANDIDATES) for kind, count in counts.items()}
    chosen = request.GET.get("type")
    if chosen not in querysets:
        chosen = None
    total = counts[chosen] if chosen else sum(counts.values())
    page = KnownCountPaginator(ranked(querysets, chosen), PAGE_SIZE, total).get_page(
        request.GET.get("page")
    )
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
                "label": kinds.get(kind).plural,
                "count": count,
                "more": kind in more,
                "selected": kind == chosen,
                "url": "?" + urlencode({**base, "type": kind}),
            }
            for kind, count in counts.items()
        ],
        "all_kinds_url": "?" + urlencode(base),
    }


def matching(terms, place) -> dict:
    """Each kind's matching records (a place's: the kinds placed on territories, within its
    departments), by kind."""
    query = terms.query()
    querysets = {}
    for kind in kinds.all_kinds():
        if place and not kind.located:
            continue
        queryset = typed(kind, query)
        if place:
            queryset = queryset.filter(department_code__in=place.department_codes)
        querysets[kind.key] = queryset
    return querysets


def ranked(querysets: dict, chosen: str | None):
    """The matches ranked: of the kind chosen (its first matches found), or of all kinds
    (each kind's first matches, in one ``UNION ALL``)."""
    order = ("-result_rank", "result_kind", "record_id")
    if chosen:
        first = querysets[chosen].values_list("record_id", flat=True)[:CANDIDATES]
        return querysets[chosen].filter(pk__in=first).order_by(*order)
    parts = [queryset[:CANDIDATES] for queryset in querysets.values()]
    return parts[0].union(*parts[1:], all=True).order_by(*order)
