import calendar
import datetime as dt

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from events.filters import EventListing, month_bounds
from events.models import Event
from events.querysets import PARIS
from reference.publishing import get_public_object_or_404

CALENDAR_PAGE_SIZE = 500  # a month's events, all on one page


def event_list(request):
    listing = EventListing(request, Event.objects.published())
    return render(request, "events/event_list.html", {"listing": listing})


class MonthListing(EventListing):
    """The events of a month (those that start, end or run in it), all on one page, with
    the list's other filters."""

    page_size = CALENDAR_PAGE_SIZE

    def __init__(self, request, queryset, first: dt.datetime, following: dt.datetime):
        super().__init__(
            request, queryset, fixed={"start__lt": following, "end__gte": first}, when="tous"
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
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "events/event_calendar.html",
        {
            "listing": listing,
            "month": first,
            "weeks": weeks,
            "today": today,
            "previous_url": listing.url(mois=f"{previous:%Y-%m}"),
            "next_url": listing.url(mois=f"{bounds[1]:%Y-%m}"),
        },
    )


def event_detail(request, pk, slug):
    event, redirect = get_public_object_or_404(
        request, Event.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    return render(request, "events/event_detail.html", {"event": event})
