"""Events' schema.org data (JSON-LD): what Google's Event rich results require and recommend,
on every event of the demo, and the places, online links and organisers it falls back to."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache

from events.models import Event
from tests.factories import EventFactory, OrganisationFactory, ProgrammeFactory
from tests.pages import parse

pytestmark = pytest.mark.django_db

STATUSES = {
    "https://schema.org/EventScheduled",
    "https://schema.org/EventCancelled",
    "https://schema.org/EventPostponed",
}
MODES = {
    "https://schema.org/OfflineEventAttendanceMode",
    "https://schema.org/OnlineEventAttendanceMode",
    "https://schema.org/MixedEventAttendanceMode",
}
# ISO 8601 as each date precision writes it: a time with its offset, a day, a month.
MOMENTS = {
    "heure": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}",
    "jour": r"\d{4}-\d{2}-\d{2}",
    "mois": r"\d{4}-\d{2}",
}


def structured_data(client, event) -> dict:
    page = client.get(event.get_absolute_url()).content.decode()
    found = parse(page).select('script[type="application/ld+json"]')
    assert len(found) == 1, event.title
    return json.loads(found[0].string)


def locations(data) -> list[dict]:
    location = data["location"]
    return location if isinstance(location, list) else [location]


def test_every_demo_event_has_what_event_rich_results_require_and_recommend(client, demo):
    """Required: name, startDate, location (a Place with its PostalAddress, or a
    VirtualLocation with its url). Recommended: description, endDate, eventAttendanceMode,
    eventStatus, organizer (name and url). Also recommended, but the portal has none to
    give: image, offers, performer (and previousStartDate, for rescheduled events only)."""
    events = list(Event.objects.published().order_by("pk"))
    assert len(events) == 8
    for event in events:
        data = structured_data(client, event)
        where = event.title
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event", where
        assert data["name"] == event.title
        assert data["url"] == "http://testserver" + event.get_absolute_url()
        moment = MOMENTS[event.date_precision]
        assert re.fullmatch(moment, data["startDate"]), where
        assert re.fullmatch(moment, data["endDate"]), where
        assert data["endDate"] >= data["startDate"], where
        assert data["eventStatus"] in STATUSES, where
        assert data["eventAttendanceMode"] in MODES, where
        assert data["description"] == (event.summary or event.description), where
        for location in locations(data):
            if location["@type"] == "Place":
                assert location["name"], where
                address = location["address"]
                assert address["@type"] == "PostalAddress" and address["addressCountry"] == "FR"
                assert {"addressLocality", "addressRegion"} & set(address), where
            else:
                assert location["@type"] == "VirtualLocation", where
                assert location["url"].startswith("http"), where
        assert data["organizer"], where
        for organiser in data["organizer"]:
            assert organiser["@type"] == "Organization", where
            assert organiser["name"] and organiser["url"].startswith("http://testserver/"), where


def by_title(start):
    return Event.objects.get(title__startswith=start)


def test_demo_events_known_by_their_territory_online_or_without_organiser(client, demo):
    quinzaine = structured_data(client, by_title("Quinzaine régionale de l'intégration 2017"))
    assert quinzaine["location"] == {
        "@type": "Place",
        "name": "Auvergne-Rhône-Alpes",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "FR",
            "addressRegion": "Auvergne-Rhône-Alpes",
        },
    }
    online = by_title("Troisième journée inter-acteurs")
    data = structured_data(client, online)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "http://testserver" + online.get_absolute_url(),
    }
    etats = structured_data(client, by_title("États généraux des migrations"))
    assert etats["location"]["address"]["addressRegion"] == "Vienne"
    assert etats["organizer"] == [
        {
            "@type": "Organization",
            "name": "Ville de Poitiers",
            "url": "http://testserver" + demo_organisation_url("Ville de Poitiers"),
        }
    ]
    prefecture = structured_data(client, by_title("Rencontre en Préfecture"))
    assert prefecture["location"] == {
        "@type": "Place",
        "name": "Préfecture du Puy-de-Dôme",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "FR",
            "addressLocality": "Clermont-Ferrand",
            "addressRegion": "Puy-de-Dôme",
        },
    }


def demo_organisation_url(name):
    from partners.models import Organisation

    return Organisation.objects.get(name=name).get_absolute_url()


def test_the_organiser_falls_back_to_published_leads_of_published_programmes(client, vienne):
    event = EventFactory(territory=vienne)
    lead = OrganisationFactory(name="Porteuse publiée")
    event.programmes.add(
        ProgrammeFactory(lead_organisation=lead),
        ProgrammeFactory(lead_organisation=lead),
        ProgrammeFactory(
            lead_organisation__name="Porteuse en brouillon",
            lead_organisation__publication_state="brouillon",
        ),
        ProgrammeFactory(
            lead_organisation__name="Porteuse d'un brouillon", publication_state="brouillon"
        ),
    )
    data = structured_data(client, event)
    assert [organiser["name"] for organiser in data["organizer"]] == ["Porteuse publiée"]
    event.organisers.add(OrganisationFactory(name="Organisatrice"))
    cache.clear()  # the page was kept: the data version rises when the test's data commits
    data = structured_data(client, event)
    assert [organiser["name"] for organiser in data["organizer"]] == ["Organisatrice"]


def test_an_event_without_any_organisation_names_none(client, db):
    data = structured_data(
        client, EventFactory(venue="Salle", start=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    )
    assert "organizer" not in data
    assert data["location"]["name"] == "Salle"
