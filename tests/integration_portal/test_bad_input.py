"""Bad input never answers 500: the audit's causes, each a test, then random query strings
(hypothesis) fed to every public list, feed, download and API list."""

import datetime as dt
import json
import re
from urllib.parse import quote_from_bytes

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.factories import EventFactory
from tests.pages import card_titles, text, texts

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    page = response.content.decode()
    return text(page.split("<h1>", 1)[1].split("</h1>", 1)[0]).strip()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    "address",
    [
        "/structures/?theme=%00",
        "/programmes/?departement=86%00",
        "/evenements/?q=foyer%00",
        "/recherche/?q=%00",
        "/structures/?page=%00",
        "/territoires/departements/%00/",
        "/en/structures/?%00=1",
    ],
)
def test_a_nul_byte_in_an_address_is_refused_with_the_error_page(client, address):
    response = client.get(address)
    assert response.status_code == 400
    expected = "Incorrect address" if address.startswith("/en/") else "Adresse incorrecte"
    assert heading(response) == expected


@pytest.mark.parametrize(
    "address",
    [
        "/evenements/flux.atom?region=%01",
        "/programmes/flux.rss?theme=a%1Fb",
        "/evenements/agenda.ics?departement=%0B",
        "/api/structures/?region=%07",
        "/structures/export.csv?q=%08",
    ],
)
def test_a_control_character_never_reaches_a_feed(client, address):
    assert client.get(address).status_code == 400


def test_a_value_that_names_nothing_is_not_repeated_in_titles(client, demo):
    response = client.get("/evenements/flux.atom?region=<b>inventée")
    assert response.status_code == 200
    feed = response.content.decode()
    assert "inventée" not in feed
    assert (
        "<title>Nouveaux événements — Portail de l’intégration (Région : valeur inconnue)</title>"
        in feed
    )
    response = client.get("/evenements/agenda.ics?theme=inventé")
    calendar = body(response).decode()
    assert "inventé" not in calendar
    assert (
        Calendar.from_ical(calendar)["X-WR-CALNAME"]
        == "Événements — Portail de l’intégration (Thème : valeur inconnue)"
    )
    response = client.get("/structures/?departement=inventé")
    assert "Département : valeur inconnue" in text(response.content.decode())
    response = client.get("/en/structures/?departement=inventé")
    assert "Department: unknown value" in text(response.content.decode())


@pytest.mark.parametrize(
    "address",
    [
        "/evenements/?mois=9999-12",
        "/evenements/?mois=0001-01",
        "/evenements/flux.rss?mois=9999-12",
        "/evenements/agenda.ics?mois=9999-12",
        "/evenements/export.csv?mois=9999-12",
        "/evenements/export.json?mois=0001-01",
        "/integrer/evenements/?mois=9999-12",
    ],
)
def test_a_month_out_of_range_is_ignored(client, demo, address):
    EventFactory(start=timezone.now() + dt.timedelta(days=40))  # the demo's are all past
    response = client.get(address)
    assert response.status_code == 200
    without = client.get(address.split("mois=")[0].rstrip("?&"))
    assert records(response) == records(without) != []


def records(response) -> list[str]:
    """The records an answer lists, in order: titles of cards or feed items, calendar events'
    identifiers, download rows, API results."""
    content = body(response).decode("utf-8-sig")
    kind = response["Content-Type"].split(";")[0]
    if kind == "text/html":  # a list's cards, or the embeddable agenda's links
        return card_titles(content) or texts(content, 'a[rel~="noopener"]')
    if kind in ("application/rss+xml", "application/atom+xml"):
        return re.findall(r"<item><title>(.*?)</title>|<entry><title>(.*?)</title>", content)
    if kind == "text/calendar":
        return [str(event["UID"]) for event in Calendar.from_ical(content).walk("VEVENT")]
    if kind == "text/csv":
        return content.splitlines()
    data = json.loads(content)  # a download's list, or an API page
    return data["results"] if isinstance(data, dict) else data


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_the_api_refuses_a_month_out_of_range_with_the_reason(client, month):
    """The API refuses what its schema does not accept (the pages ignore it)."""
    response = client.get(f"/api/evenements/?mois={month}")
    assert response.status_code == 400
    assert response.json() == {"mois": ["Un mois s'écrit AAAA-MM, par exemple 2026-11."]}


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1899-12", "2200-01"])
def test_the_calendar_of_a_month_out_of_range_is_this_months(client, month):
    response = client.get(f"/evenements/calendrier/?mois={month}")
    assert response.status_code == 200
    assert response.context["month"] == dt.date.today().replace(day=1)


def test_the_calendar_stops_at_its_first_and_last_months(client):
    page = text(client.get("/evenements/calendrier/?mois=1900-01").content.decode())
    assert "Événements de janvier 1900" in page
    assert "Mois suivant" in page and "Mois précédent" not in page
    page = text(client.get("/evenements/calendrier/?mois=2199-12").content.decode())
    assert "Événements de décembre 2199" in page
    assert "Mois précédent" in page and "Mois suivant" not in page


@pytest.mark.parametrize("cursor", ["cD1hYmM%3D", "cD0xJTAw", "eA", "bz0tMQ=="])
def test_a_malformed_api_cursor_is_404_with_a_message(client, cursor):
    response = client.get(f"/api/structures/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Ce curseur ne désigne aucune page : suivez les liens next."
    }


# Random query strings: names the pages read and others, values of any kind (text, bytes
# that are not UTF-8, months, numbers, cursors).

NAMES = [
    "q", "page", "tri", "theme", "region", "departement", "type", "statut", "dispositif",
    "serie", "format", "mois", "quand", "lieu", "territoire", "cursor", "taille", "niveau",
    "public", "annee", "x",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=20).map(str.encode),
    st.binary(max_size=8),
    st.builds(
        lambda year, month: f"{year:04d}-{month:02d}".encode(),
        st.integers(0, 9999),
        st.integers(0, 13),
    ),
    st.integers(-(10**20), 10**20).map(lambda number: str(number).encode()),
    st.sampled_from([b"", b" ", b"86", b"region-44", b"2A", b"passes", b"en-ligne", b"cD1hYmM="]),
)
PAIRS = st.lists(
    st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=5)).map(str.encode), VALUES),
    max_size=4,
)


def query(pairs) -> str:
    return "&".join(
        f"{quote_from_bytes(name, safe='')}={quote_from_bytes(value, safe='')}"
        for name, value in pairs
    )


LISTS = [
    "/programmes/",
    "/dispositifs/",
    "/structures/",
    "/evenements/",
    "/evenements/calendrier/",
    "/recherche/",
    "/integrer/evenements/",
    "/territoires/departements/86/",
    "/territoires/regions/75/",
    "/en/structures/",
]
FEEDS = [
    "/programmes/flux.rss",
    "/programmes/flux.atom",
    "/evenements/flux.rss",
    "/evenements/flux.atom",
    "/evenements/agenda.ics",
]
DOWNLOADS = [
    f"/{kind}/export.{file_format}"
    for kind in ("programmes", "dispositifs", "structures", "evenements")
    for file_format in ("csv", "json")
]
API_LISTS = [
    "/api/programmes/",
    "/api/dispositifs/",
    "/api/structures/",
    "/api/evenements/",
    "/api/territoires/",
]

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    "addresses", [LISTS, FEEDS, DOWNLOADS, API_LISTS], ids=["lists", "feeds", "downloads", "api"]
)
@FUZZ
@given(data=st.data())
def test_random_query_strings_never_answer_5xx(client, demo, addresses, data):
    address = data.draw(st.sampled_from(addresses), label="address")
    address += "?" + query(data.draw(PAIRS, label="query"))
    response = client.get(address)
    body(response)
    assert response.status_code < 500, address
