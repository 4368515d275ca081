"""Events as calendars (.ics, icalendar library): one event, or a feed with a list's filters.

- Times are Paris times, with the Europe/Paris VTIMEZONE written as Outlook, Google and
  Apple calendars write it: one STANDARD and one DAYLIGHT rule (RRULE), which every reader
  applies, rather than icalendar's list of each change as one RDATE line, of which some
  readers (vobject, used by CalDAV servers) keep only the first date and put summer events
  an hour off. Events known by whole days are all-day events (DTEND the day after the
  last); events known by the month only are left out (a calendar needs a day).
- A UID never changes (``evenement-<id>@<domain>``), LAST-MODIFIED is the record's last
  change and SEQUENCE grows with it, so that calendar applications update what they hold.
- A cancelled event stays, with STATUS:CANCELLED, so that subscribers see the cancellation;
  a postponed one is TENTATIVE.
- A feed covers events from a year ago onwards (FEED_WINDOW): it does not grow without end.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from core.downloads import content_disposition
from events.enums import DatePrecision, EventStatus

PARIS = ZoneInfo("Europe/Paris")
FEED_WINDOW = dt.timedelta(days=365)
CONTENT_TYPE = "text/calendar; charset=utf-8"
STATUSES = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}
# SEQUENCE counts seconds since this date: it grows with every change of the record.
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
# Paris time since 1996, the European Union's rule: summer time from the last Sunday of
# March, 02:00 (01:00 UTC), to the last Sunday of October, 03:00 (01:00 UTC). Checked
# against the time zone database, day by day, by tests/events/test_calendars.py.
PARIS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
X-LIC-LOCATION:Europe/Paris
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19960331T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def calendar(name: str, events, base: str) -> Calendar:
    ical = Calendar()
    ical.add("prodid", f"-//{settings.PORTAL_UID_DOMAIN}//Portail de l'intégration//FR")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("x-wr-calname", name)
    ical.add("x-wr-timezone", "Europe/Paris")
    ical.add_component(Timezone.from_ical(PARIS_VTIMEZONE))
    for event in events:
        if event.date_precision != DatePrecision.MONTH:
            ical.add_component(calendar_event(event, base))
    return ical


def calendar_event(event, base: str) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"evenement-{event.pk}@{settings.PORTAL_UID_DOMAIN}")
    item.add("summary", event.title)
    start, end = timezone.localtime(event.start, PARIS), timezone.localtime(event.end, PARIS)
    if event.date_precision == DatePrecision.DAY:
        item.add("dtstart", start.date())
        item.add("dtend", end.date() + dt.timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", end)
    modified = event.updated_at.astimezone(dt.UTC)
    item.add("dtstamp", modified)
    item.add("last-modified", modified)
    item.add("sequence", max(0, int((modified - SEQUENCE_EPOCH).total_seconds())))
    item.add("status", STATUSES[event.status])
    item.add("url", base + event.get_absolute_url())
    if location := where(event):
        item.add("location", location)
    description = "\n\n".join(part for part in (event.summary, event.description) if part)
    if description:
        item.add("description", description)
    themes = [str(theme) for theme in event.themes.all()]
    if themes:
        item.add("categories", themes)
    return item


def where(event) -> str:
    if event.is_online:
        return event.online_url
    place = ", ".join(part for part in (event.venue, event.address) if part)
    if event.commune:
        place = f"{place}, {event.commune.name}" if place else event.commune.name
    return place


def response(ical: Calendar, filename: str | None = None) -> HttpResponse:
    answer = HttpResponse(ical.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        answer["Content-Disposition"] = content_disposition(filename, as_attachment=False)
    return answer
