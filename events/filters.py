"""The public lists of events (upcoming or past, and a month's calendar): filters, facets."""

import datetime as dt
import re
from urllib.parse import urlencode

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Case, F, Func, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.listing import (
    Facet,
    Listing,
    PortalFilterSet,
    Sort,
    WholeNumberFilter,
    lookup,
)
from events.enums import EventKind, Period
from events.models import EventSeries
from events.querysets import PARIS, start_of_today
from reference.facets import TerritorialListing, territory_facets, theme_facet

# A month « 2026-11 », of the years a filter or the calendar may show, 1900 to 2199: outside
# them, « mois » is ignored, as a malformed value is (9999-12 has no following month, 0001-01
# no previous one); the API's schema declares the same pattern.
MONTH = re.compile(r"(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])")
FIRST_YEAR, LAST_YEAR = 1900, 2199
ONLINE, IN_PERSON = "en-ligne", "sur-place"
ATTENDANCE = [(ONLINE, _("en ligne")), (IN_PERSON, _("sur place"))]


def month_bounds(value: str) -> tuple[dt.datetime, dt.datetime] | None:
    """The first instant of a month « 2026-11 » and of the next, in Paris time (None for a
    malformed value or a year out of FIRST_YEAR…LAST_YEAR)."""
    match = MONTH.fullmatch(value or "")
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    year, month = int(match[1]), int(match[2])
    first = dt.datetime(year, month, 1, tzinfo=PARIS)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return first, following


class LocalMonth(Func):
    """An event's month of start, in Paris time: « 2026-11 »."""

    template = "to_char(%(expressions)s AT TIME ZONE 'Europe/Paris', 'YYYY-MM')"


def attendance():
    return Case(
        When(is_online=True, then=Value(ONLINE)),
        default=Value(IN_PERSON),
    )


class EventFilter(PortalFilterSet):
    type = django_filters.ChoiceFilter(field_name="kind", choices=EventKind.choices)
    theme = django_filters.CharFilter(field_name="themes__slug")
    serie = WholeNumberFilter(field_name="series_id", label=_("identifiant de la série"))
    region = django_filters.CharFilter(field_name="region_code")
    departement = django_filters.CharFilter(field_name="department_code")
    format = django_filters.ChoiceFilter(
        method="attended", choices=ATTENDANCE, label=_("en ligne ou sur place")
    )
    mois = extend_schema_field(
        {
            "type": "string",
            "pattern": f"^{MONTH.pattern}$",
            "description": _("mois où l'événement commence (AAAA-MM)"),
        }
    )(
        django_filters.CharFilter(
            method="in_month",
            validators=[
                RegexValidator(
                    rf"\A{MONTH.pattern}\Z", _("Un mois s'écrit AAAA-MM, par exemple 2026-11.")
                )
            ],
        )
    )

    def attended(self, queryset, name, value):
        return queryset.filter(is_online=value == ONLINE)

    def in_month(self, queryset, name, value):
        first, following = month_bounds(value)
        return queryset.filter(start__gte=first, start__lt=following)


def month_label(row) -> str:
    year, month = map(int, row[0].split("-"))
    return date_format(dt.date(year, month, 1), "YEAR_MONTH_FORMAT")


class EventListing(TerritorialListing):
    """Upcoming events (soonest first) or, with ``quand=passes``, past ones (latest first)."""

    name = "evenements"
    export_url_name = "events:event_export"
    feed_url_names = {"rss": "events:event_rss", "atom": "events:event_atom"}
    filterset_class = EventFilter
    total_facet = "type"
    extra_parameters = (*Listing.extra_parameters, "quand")

    def __init__(self, request, queryset, fixed=None, *, when=None):
        """``when``: a ``Period`` (by default from ``quand``: upcoming unless past)."""
        past = request.GET.get("quand") == Period.PAST
        self.when = when or (Period.PAST if past else Period.UPCOMING)
        today = start_of_today()
        if self.when == Period.PAST:
            queryset = queryset.filter(end__lt=today)
        elif self.when == Period.UPCOMING:
            queryset = queryset.filter(end__gte=today)
        super().__init__(request, queryset, fixed)
        if self.is_past:
            self.params["quand"] = Period.PAST.value

    @property
    def is_past(self) -> bool:
        return self.when == Period.PAST

    @property
    def is_upcoming(self) -> bool:
        return self.when == Period.UPCOMING

    @property
    def hidden_params(self):
        return super().hidden_params + ([("quand", Period.PAST.value)] if self.is_past else [])

    @property
    def subscription(self) -> dict[str, str]:
        """The calendar feed of this list (its filters, upcoming and past events alike), to
        subscribe to: its https:// and webcal:// addresses."""
        params = {k: v for k, v in self.params.items() if k not in ("page", "tri", "quand")}
        path = reverse("events:event_calendar_feed") + ("?" + urlencode(params) if params else "")
        address = self.request.build_absolute_uri(path)
        return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}

    @property
    def upcoming_url(self) -> str:
        return self.url(quand=None)

    @property
    def past_url(self) -> str:
        return self.url(quand=Period.PAST.value)

    @property
    def calendar_url(self) -> str:
        return reverse("events:event_calendar") + self.url(quand=None).removeprefix(
            self.request.path
        )

    @property
    def sorts(self):
        chronological = ["-start", "-id"] if self.is_past else ["start", "id"]
        return [
            Sort("pertinence", _("Pertinence"), ["-rank", *chronological], needs_query=True),
            Sort("date", _("Date"), chronological),
        ]

    def get_facets(self):
        return [
            Facet(
                "type",
                _("Type d'événement"),
                "kind",
                labels=lambda: dict(EventKind.choices),
                single_valued=True,
            ),
            theme_facet(),
            Facet(
                "serie",
                _("Série"),
                "series_id",
                label_fields=("series__name",),
                label_of=lambda row: row[1],
                lookup=lookup(EventSeries.objects.all()),
            ),
            *territory_facets(),
            Facet(
                "format",
                _("Format"),
                attendance(),
                labels=lambda: {ONLINE: _("En ligne"), IN_PERSON: _("Sur place")},
                order="value",
            ),
            Facet(
                "mois",
                _("Mois"),
                LocalMonth(F("start")),
                label_of=month_label,
                order="-value" if self.is_past else "value",
            ),
        ]

    def with_page_relations(self, queryset):
        return queryset.with_list_relations()
