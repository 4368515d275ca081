import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.enums import PublicationState
from events.models import Event
from tests.factories import AgendaItemFactory, EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_event_ending_before_it_starts_is_refused_by_the_database():
    start = dt.datetime(2019, 6, 8, 9, 0, tzinfo=PARIS)
    with pytest.raises(IntegrityError, match="event_end_not_before_start"):
        EventFactory(start=start, end=start - dt.timedelta(minutes=1))


def test_edition_numbers_are_unique_within_a_series():
    series = EventSeriesFactory()
    EventFactory(series=series, edition=2)
    EventFactory(series=EventSeriesFactory(), edition=2)
    with pytest.raises(IntegrityError, match="event_series_edition_unique"):
        EventFactory(series=series, edition=2)


def test_edition_needs_a_series():
    with pytest.raises(IntegrityError, match="event_edition_needs_series"):
        EventFactory(series=None, edition=1)


def test_agenda_item_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError, match="agenda_item_end_not_before_start"):
        AgendaItemFactory(start_time=dt.time(14, 0), end_time=dt.time(13, 0))


def test_times_are_stored_timezone_aware_and_shown_in_paris_time():
    event = EventFactory(
        start=dt.datetime(2018, 5, 16, 7, 0, tzinfo=dt.UTC),
        end=dt.datetime(2018, 5, 16, 15, 30, tzinfo=dt.UTC),
    )
    event.refresh_from_db()
    assert event.start.utcoffset() == dt.timedelta(0)
    assert event.when == "mercredi 16 mai 2018, de 09:00 à 17:30"


@pytest.mark.parametrize(
    ("precision", "first", "last", "expected"),
    [
        ("jour", dt.date(2019, 6, 7), dt.date(2019, 6, 8), "du 7 au 8 juin 2019"),
        ("jour", dt.date(2017, 10, 9), dt.date(2017, 10, 20), "du 9 au 20 octobre 2017"),
        ("jour", dt.date(2019, 5, 30), dt.date(2019, 6, 1), "du 30 mai au 1 juin 2019"),
        ("jour", dt.date(2020, 7, 3), dt.date(2020, 7, 3), "vendredi 3 juillet 2020"),
        ("mois", dt.date(2019, 1, 1), dt.date(2019, 1, 31), "janvier 2019"),
    ],
)
def test_when_reads_as_a_person_writes_dates(precision, first, last, expected):
    event = EventFactory.build(
        start=dt.datetime(first.year, first.month, first.day, tzinfo=PARIS),
        end=dt.datetime(last.year, last.month, last.day, 23, 59, tzinfo=PARIS),
        date_precision=precision,
    )
    assert event.when == expected


def test_upcoming_and_past():
    now = timezone.now()
    past = EventFactory(start=now - dt.timedelta(days=3), end=now - dt.timedelta(days=2))
    running = EventFactory(start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1))
    soon = EventFactory(start=now + dt.timedelta(days=1), end=now + dt.timedelta(days=2))
    later = EventFactory(start=now + dt.timedelta(days=9), end=now + dt.timedelta(days=10))
    EventFactory(
        start=now + dt.timedelta(days=1),
        end=now + dt.timedelta(days=2),
        publication_state=PublicationState.DRAFT,
    )

    assert list(Event.objects.published().upcoming()) == [running, soon, later]
    assert list(Event.objects.published().past()) == [past]


def test_event_title_cannot_be_blank():
    with pytest.raises(IntegrityError, match="event_title_not_blank"):
        EventFactory(title="\t")
