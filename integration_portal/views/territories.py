"""Territory pages: France, a region, a department, with what is attached to each and to the
territories inside it, counted, and links into the lists filtered by it."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from core.parameters import reads_parameters
from events.models import Event
from integration_portal.views.figures import counts_by, department_map
from partners.models import Organisation
from programmes.models import Programme
from reference import territories
from reference.enums import TerritoryLevel
from reference.territories import Place

LATEST = 6
FRANCE = Place(TerritoryLevel.COUNTRY, "FR", "France")


def territory_page(request, place: Place, children: list[Place], column: str, department_map=None):
    """``column``: the code the children are counted by (region_code, department_code)."""
    programmes = Programme.objects.published().for_territory(place)
    organisations = Organisation.objects.published().for_territory(place)
    events = Event.objects.published().upcoming().for_territory(place)
    if column:
        counted = {
            "programmes": counts_by(programmes, column),
            "organisations": counts_by(organisations, column),
            "events": counts_by(events, column),
        }
        totals = {kind: sum(counts.values()) for kind, counts in counted.items()}
        rows = [
            {
                "place": child,
                "url": territory_url(child),
                **{kind: counts.get(child.code, 0) for kind, counts in counted.items()},
            }
            for child in children
        ]
    else:  # a department: no children counted
        totals = {
            "programmes": programmes.count(),
            "organisations": organisations.count(),
            "events": events.count(),
        }
        rows = []
    filters = list_filters(place)
    return render(
        request,
        "integration_portal/territory.html",
        {
            "place": place,
            "parent": parent_of(place),
            "totals": totals,
            "rows": rows,
            "latest_programmes": programmes.with_list_relations().order_by("-created_at", "-id")[
                :LATEST
            ],
            "next_events": events.with_list_relations()[:LATEST],
            "links": {
                "programmes": reverse("programmes:programme_list") + filters,
                "organisations": reverse("partners:organisation_list") + filters,
                "events": reverse("events:event_list") + filters,
            },
            "filters": filters,
            "searched": request.GET.get("depuis", ""),
            "map": department_map,
        },
    )


def list_filters(place: Place) -> str:
    if place.is_region:
        return f"?region={place.code}"
    if place.is_department:
        return f"?departement={place.code}"
    return ""


def territory_url(place: Place) -> str:
    if place.is_region:
        return reverse("territory_region", args=[place.code])
    if place.is_department:
        return reverse("territory_department", args=[place.code])
    return reverse("territory_france")


def parent_of(place: Place) -> Place | None:
    if place.is_department:
        return territories.regions()[place.region_code]
    if place.is_region:
        return FRANCE
    return None


@reads_parameters("depuis")
def france(request):
    regions = sorted(territories.regions().values(), key=lambda region: region.name)
    return territory_page(
        request,
        FRANCE,
        regions,
        "region_code",
        department_map(Programme.objects.published()),
    )


@reads_parameters("depuis")
def region(request, code):
    place = territories.regions().get(code)
    if place is None:
        raise Http404
    children = [d for d in territories.departments().values() if d.region_code == code]
    return territory_page(request, place, children, "department_code")


@reads_parameters("depuis")
def department(request, code):
    place = territories.departments().get(code)
    if place is None:
        raise Http404
    return territory_page(request, place, [], "")
