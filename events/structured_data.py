"""An event as schema.org ``Event`` data (JSON-LD), for search engines and other readers.

Every event carries what Google's Event rich results require and recommend, as far as the
portal knows it: name, dates, status, attendance mode, description, organiser, and a
location: the place (venue, address, commune, and the region or department concerned), or,
for an event known only by its territory, that territory as a ``Place``; online, the link
to join or, without one, the event's own page. The organiser is the event's, or else the
lead organisations of its programmes (published ones only). The portal has no image,
price or performer to give.
"""

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.enums import PublicationState
from events.enums import DatePrecision, EventStatus
from events.querysets import PARIS
from reference.enums import TerritoryLevel

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
    """``base``: the site's address. Only published organisations are named (the page's own
    prefetches leave out the others, and their programmes' unpublished leads here)."""
    url = base + event.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": moment(event.start, event.date_precision),
        "endDate": moment(event.end, event.date_precision),
        "eventStatus": STATUSES[event.status],
        "inLanguage": "fr",
    }
    if description := event.summary or event.description:
        data["description"] = description
    places = []
    if event.is_online:
        places.append({"@type": "VirtualLocation", "url": event.online_url or url})
    else:
        if place := physical_place(event):
            places.append(place)
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
        for organisation in organisers_of(event)
    ]
    if organisers:
        data["organizer"] = organisers
    return data


def physical_place(event) -> dict | None:
    """The place: its venue, street address and commune, and the region or department the
    event concerns; for an event known only by its territory, that territory."""
    territory = event.territory
    if not (event.venue or event.commune or territory):
        return None
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if event.address:
        address["streetAddress"] = event.address
    locality = event.commune or (
        territory if territory and territory.level == TerritoryLevel.COMMUNE else None
    )
    if locality:
        address["addressLocality"] = locality.name
    if territory and territory.level in (TerritoryLevel.REGION, TerritoryLevel.DEPARTMENT):
        address["addressRegion"] = territory.name
    name = event.venue or (locality or territory).name
    return {"@type": "Place", "name": name, "address": address}


def organisers_of(event) -> list:
    """The event's published organisers; without any, the published leads of its published
    programmes (the page's prefetches hold the published ones only)."""
    organisers = list(event.organisers.all())
    if organisers:
        return organisers
    leads = {
        programme.lead_organisation_id: programme.lead_organisation
        for programme in event.programmes.all()
        if programme.lead_organisation.publication_state == PublicationState.PUBLISHED
    }
    return sorted(leads.values(), key=lambda organisation: organisation.name)


def json_ld(data: dict) -> SafeString:
    """The data, as the content of a ``<script type="application/ld+json">`` element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))
