"""An event as schema.org ``Event`` data (JSON-LD), for search engines and other readers."""

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from events.enums import DatePrecision, EventStatus
from events.querysets import PARIS

STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
# What a <script> element may not hold unescaped (as Django's json_script escapes it).
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def moment(value, precision):
    local = timezone.localtime(value, PARIS)
    if precision == DatePrecision.MONTH:
        return local.strftime("%Y-%m")
    if precision == DatePrecision.DAY:
        return local.date().isoformat()
    return local.isoformat()


def event_data(event, base: str) -> dict:
    """``base``: the site's address. Only published organisers are named (the page's own
    prefetch already leaves the others out)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": base + event.get_absolute_url(),
        "startDate": moment(event.start, event.date_precision),
        "endDate": moment(event.end, event.date_precision),
        "eventStatus": STATUSES[event.status],
        "inLanguage": "fr",
    }
    if description := event.summary or event.description:
        data["description"] = description
    places = []
    if event.venue or event.commune:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if event.address:
            address["streetAddress"] = event.address
        if event.commune:
            address["addressLocality"] = event.commune.name
        places.append(
            {"@type": "Place", "name": event.venue or event.commune.name, "address": address}
        )
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    elif event.online_url:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    organisers = [
        {
            "@type": "Organization",
            "name": str(organisation),
            "url": base + organisation.get_absolute_url(),
        }
        for organisation in event.organisers.all()
    ]
    if organisers:
        data["organizer"] = organisers
    return data


def json_ld(data: dict) -> SafeString:
    """The data, as the content of a ``<script type="application/ld+json">`` element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))
