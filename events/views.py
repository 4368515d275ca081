import calendar
import datetime as dt
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from core.parameters import reads_parameters
from core.publishing import get_public_object_or_404
from events import calendars
from events.enums import DatePrecision, Period
from events.filters import EventListing, month_bounds
from events.models import Event
from events.opendata import EVENTS
from events.querysets import PARIS
from events.structured_data import event_data, json_ld
from reference import territories

CALENDAR_PAGE_SIZE = 500  # a month's events, all on one page


@reads_parameters(EventListing)
def event_list(request):
    listing = EventListing(request, Event.objects.published())
    return render(request, "events/event_list.html", {"listing": listing})


class MonthListing(EventListing):
    """The events of a month (those that start, end or run in it), all on one page, with
    the list's other filters."""

    page_size = CALENDAR_PAGE_SIZE

    def __init__(self, request, queryset, first: dt.datetime, following: dt.datetime):
        super().__init__(
            request, queryset, fixed={"start__lt": following, "end__gte": first}, when=Period.ALL
        )
        self.params.pop("mois", None)
        self.month = f"{first:%Y-%m}"

    def get_facets(self):
        return [facet for facet in super().get_facets() if facet.name != "mois"]

    def url(self, **changes):
        return super().url(**{"mois": self.month, **changes})

    @property
    def hidden_params(self):
        return [*super().hidden_params, ("mois", self.month)]

    @property
    def list_url(self) -> str:
        """The upcoming events with the same filters."""
        return reverse("events:event_list") + super().url().removeprefix(self.request.path)


@reads_parameters(EventListing)
def event_calendar(request):
    """A month's events in a calendar grid (``mois``, this month by default)."""
    today = timezone.localdate()
    bounds = month_bounds(request.GET.get("mois", "")) or month_bounds(f"{today:%Y-%m}")
    first = bounds[0].date()
    listing = MonthListing(request, Event.objects.published(), *bounds)
    by_day: dict[dt.date, list[Event]] = {}
    for event in listing.page:
        day = max(timezone.localtime(event.start, PARIS).date(), first)
        last = min(timezone.localtime(event.end, PARIS).date(), bounds[1].date() - dt.timedelta(1))
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = f"{(first - dt.timedelta(days=1)).replace(day=1):%Y-%m}"
    following = f"{bounds[1]:%Y-%m}"
    return render(
        request,
        "events/event_calendar.html",
        {
            "listing": listing,
            "month": first,
            "weeks": weeks,
            "today": today,
            # No link to a month the calendar would not show.
            "previous_url": listing.url(mois=previous) if month_bounds(previous) else None,
            "next_url": listing.url(mois=following) if month_bounds(following) else None,
        },
    )


@reads_parameters()
def event_detail(request, pk, slug):
    event, redirect = get_public_object_or_404(
        request, Event.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "json_ld": json_ld(event_data(event, base))},
    )


@reads_parameters()
def event_ics(request, pk, slug):
    """One event as a calendar file (not for events known by the month only)."""
    event, redirect = get_public_object_or_404(
        request, Event.objects.select_related("commune").prefetch_related("themes"), pk, slug
    )
    if redirect:
        return redirect
    if event.date_precision == DatePrecision.MONTH:
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    return calendars.response(
        calendars.calendar(event.title, [event], base), filename=f"{event.slug}.ics"
    )


class CalendarListing(EventListing):
    """The events of a subscribable calendar: the list's filters, from a year ago on."""

    def __init__(self, request, queryset):
        start = timezone.now() - calendars.FEED_WINDOW
        super().__init__(request, queryset.filter(end__gte=start), when=Period.ALL)


@reads_parameters(EventListing)
def event_calendar_feed(request):
    """The subscribable calendar of the events list, with its filters (theme, territory,
    series, kind, online)."""
    listing = CalendarListing(request, Event.objects.published())
    events = listing.filtered().select_related("commune").prefetch_related("themes")
    name = str(_("Événements — Portail de l’intégration"))
    if listing.active_filters:
        name += " (" + ", ".join(active["label"] for active in listing.active_filters) + ")"
    base = request.build_absolute_uri("/").rstrip("/")
    return calendars.response(calendars.calendar(name, events.order_by("start", "id"), base))


@reads_parameters(EventListing)
def event_export(request, file_format):
    listing = EventListing(request, EVENTS.records())
    return EVENTS.download(request, listing.filtered(), file_format)


EMBED_SIZE = 10


@reads_parameters(EventListing, "territoire")
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def event_embed(request):
    """The next events, compact, for other sites' pages (the only page that may be framed)."""
    territory = embed_territory(request)
    listing = EventListing(request, Event.objects.published(), fixed=territory)
    events = listing.filtered().with_list_relations().order_by("start", "id")[:EMBED_SIZE]
    params = {**listing.params, **{LIST_FILTERS[name]: code for name, code in territory.items()}}
    portal_url = request.build_absolute_uri(reverse("events:event_list"))
    if params:
        portal_url += "?" + urlencode(params)
    places = {"region_code": territories.regions(), "department_code": territories.departments()}
    place = next((places[name].get(code) for name, code in territory.items()), None)
    return render(
        request,
        "events/event_embed.html",
        {"listing": listing, "events": events, "portal_url": portal_url, "place": place},
    )


LIST_FILTERS = {"region_code": "region", "department_code": "departement"}


def embed_territory(request) -> dict:
    """``territoire``: a department's code (86, 2A, 974), or ``region-XX`` for a region."""
    code = request.GET.get("territoire", "").strip()
    if code.lower().startswith("region-"):
        return {"region_code": code[len("region-") :]}
    return {"department_code": code} if code else {}
