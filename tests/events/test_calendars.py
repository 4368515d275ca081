"""Calendar files and subscribable feeds, read back with the icalendar library, and with
vobject (used by CalDAV servers and clients) and ics-py: the same instants in all three."""

import datetime as dt
from zoneinfo import ZoneInfo

import ics
import pytest
import vobject
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar, Timezone

from events.calendars import PARIS_VTIMEZONE
from events.models import Event
from reference.models import Territory, Theme
from tests.factories import EventFactory
from tests.pages import text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def soon(days, hour=9):
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def read(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}


@pytest.fixture
def agenda(db):
    housing = Theme.objects.get(slug="logement-hebergement")
    poitiers = Territory.objects.get(level="commune", code="86194")
    made = {
        "timed": EventFactory(
            title="Atelier logement",
            start=soon(5, 14),
            end=soon(5, 17),
            commune=poitiers,
            venue="Maison des associations",
        ),
        "days": EventFactory(
            title="Rencontres régionales",
            start=soon(10, 0),
            end=soon(11, 23).replace(minute=59),
            date_precision="jour",
        ),
        "month": EventFactory(
            title="Journée du mois", start=soon(20), end=soon(20, 18), date_precision="mois"
        ),
        "cancelled": EventFactory(
            title="Forum annulé", start=soon(3), end=soon(3, 12), status="annule"
        ),
        "old": EventFactory(
            title="Rencontre d'il y a deux ans", start=soon(-730), end=soon(-730, 12)
        ),
        "last_year": EventFactory(
            title="Rencontre d'il y a six mois", start=soon(-180), end=soon(-180, 12)
        ),
    }
    EventFactory(title="Brouillon", start=soon(4), end=soon(4, 12), publication_state="brouillon")
    made["timed"].themes.add(housing)
    return made


def test_the_calendar_feed_keeps_a_window_and_leaves_out_drafts_and_months(client, agenda):
    calendar = read(client.get("/evenements/agenda.ics"))
    assert set(events_of(calendar)) == {
        "Atelier logement",
        "Rencontres régionales",
        "Forum annulé",
        "Rencontre d'il y a six mois",
    }
    assert str(calendar["x-wr-timezone"]) == "Europe/Paris"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in timezones] == ["Europe/Paris"]


def test_times_all_day_events_and_cancellations(client, agenda):
    items = events_of(read(client.get("/evenements/agenda.ics")))
    timed = items["Atelier logement"]
    assert timed["dtstart"].dt == soon(5, 14)
    assert timed["dtstart"].params["TZID"] == "Europe/Paris"
    assert str(timed["location"]) == "Maison des associations, Poitiers"
    assert str(timed["status"]) == "CONFIRMED"
    assert [str(category) for category in timed["categories"].cats] == ["Logement et hébergement"]
    days = items["Rencontres régionales"]
    assert days["dtstart"].dt == soon(10).date()
    assert days["dtend"].dt == soon(12).date()  # the day after the last, as RFC 5545 says
    assert str(items["Forum annulé"]["status"]) == "CANCELLED"
    event = agenda["timed"]
    assert str(timed["uid"]) == f"evenement-{event.pk}@portail-integration.fr"
    assert str(timed["url"]) == f"http://testserver{event.get_absolute_url()}"


def test_uids_are_stable_and_sequence_follows_changes(client, agenda):
    first = events_of(read(client.get("/evenements/agenda.ics")))["Atelier logement"]
    cache.clear()  # made again, as after a change of data
    again = events_of(read(client.get("/evenements/agenda.ics")))["Atelier logement"]
    assert (again["uid"], again["sequence"]) == (first["uid"], first["sequence"])
    event = agenda["timed"]
    Event.objects.filter(pk=event.pk).update(updated_at=event.updated_at + dt.timedelta(hours=1))
    cache.clear()  # the test's transaction never commits: no new data version
    changed = events_of(read(client.get("/evenements/agenda.ics")))["Atelier logement"]
    assert changed["uid"] == first["uid"]
    assert changed["sequence"] == first["sequence"] + 3600
    assert changed["last-modified"].dt == (event.updated_at + dt.timedelta(hours=1)).replace(
        microsecond=0
    )


def test_the_feed_keeps_the_list_filters(client, agenda):
    themed = events_of(read(client.get("/evenements/agenda.ics?theme=logement-hebergement")))
    assert set(themed) == {"Atelier logement"}
    department = events_of(read(client.get("/evenements/agenda.ics?departement=86&type=rencontre")))
    assert set(department) == {"Atelier logement"}
    assert "Vienne" in str(
        read(client.get("/evenements/agenda.ics?departement=86"))["x-wr-calname"]
    )


def test_one_event_as_a_calendar_file(client, agenda):
    event = agenda["timed"]
    response = client.get(event.get_absolute_url() + "evenement.ics")
    assert set(events_of(read(response))) == {"Atelier logement"}
    assert (
        response["Content-Disposition"]
        == "inline; filename=\"atelier-logement.ics\"; filename*=UTF-8''atelier-logement.ics"
    )
    month = agenda["month"]
    assert client.get(month.get_absolute_url() + "evenement.ics").status_code == 404
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{event.get_absolute_url()}evenement.ics"' in page
    assert "evenement.ics" not in client.get(month.get_absolute_url()).content.decode()


def test_the_events_list_offers_to_subscribe_with_its_filters(client, agenda):
    page = client.get("/evenements/?theme=logement-hebergement&quand=passes").content.decode()
    assert 'href="webcal://testserver/evenements/agenda.ics?theme=logement-hebergement"' in page
    assert 'value="http://testserver/evenements/agenda.ics?theme=logement-hebergement"' in page
    assert "S'abonner" in text(page)


def next_date(month, day):
    """The next ``day``/``month`` after today: in the feed's window, whatever the date."""
    today = timezone.localdate()
    candidate = dt.date(today.year, month, day)
    return candidate if candidate > today else candidate.replace(year=today.year + 1)


def at_ten(day):
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=PARIS)


def test_summer_and_winter_times_read_the_same_in_three_calendar_libraries(client, db):
    """10:00 in Paris is 08:00 UTC in summer, 09:00 in winter, for icalendar, vobject and
    ics-py alike (vobject read only the first date of each RDATE list: summer was 09:00)."""
    summer, winter = next_date(7, 1), next_date(1, 15)
    EventFactory(title="Été", start=at_ten(summer), end=at_ten(summer) + dt.timedelta(hours=2))
    EventFactory(title="Hiver", start=at_ten(winter), end=at_ten(winter) + dt.timedelta(hours=2))
    EventFactory(
        title="Journées",
        start=at_ten(summer),
        end=at_ten(summer) + dt.timedelta(days=1),
        date_precision="jour",
    )
    text = client.get("/evenements/agenda.ics").content.decode()
    expected = {
        "Été": at_ten(summer).replace(hour=8, tzinfo=dt.UTC),
        "Hiver": at_ten(winter).replace(hour=9, tzinfo=dt.UTC),
    }

    icalendar_starts = {
        str(item["summary"]): item["dtstart"].dt for item in Calendar.from_ical(text).walk("VEVENT")
    }
    vobject_starts = {
        item.summary.value: item.dtstart.value for item in vobject.readOne(text).vevent_list
    }
    ics_starts = {item.name: item.begin.datetime for item in ics.Calendar(text).events}

    for starts in (icalendar_starts, vobject_starts, ics_starts):
        timed = {
            name: start.astimezone(dt.UTC) for name, start in starts.items() if name in expected
        }
        assert timed == expected
    assert icalendar_starts["Journées"] == vobject_starts["Journées"] == summer
    assert ics_starts["Journées"].date() == summer


def test_the_time_zone_is_the_rule_of_paris_time_every_reader_applies(client, agenda):
    """One STANDARD and one DAYLIGHT rule, no list of dates; each change they give is one the
    time zone database has, at the same instant, and the database has no other from 1996
    (the rule's first year) to 2038."""
    calendar = read(client.get("/evenements/agenda.ics"))
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone.to_ical() == Timezone.from_ical(PARIS_VTIMEZONE).to_ical()
    assert [part.name for part in zone.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in part and "RDATE" not in part for part in zone.subcomponents)
    transitions, offsets = zone.get_transitions()
    for moment, (offset, _dst, name) in zip(transitions, offsets, strict=True):
        instant = moment.replace(tzinfo=dt.UTC)
        assert (instant - dt.timedelta(seconds=1)).astimezone(PARIS).utcoffset() != offset
        assert instant.astimezone(PARIS).utcoffset() == offset, instant
        assert instant.astimezone(PARIS).tzname() == name
    noon = dt.datetime(1996, 1, 1, 12, tzinfo=dt.UTC)
    changes, previous = 0, noon.astimezone(PARIS).utcoffset()
    while noon.year < 2039:
        noon += dt.timedelta(days=1)
        offset = noon.astimezone(PARIS).utcoffset()
        changes += offset != previous
        previous = offset
    assert (changes, transitions[-1].year) == (len(transitions), 2038)
