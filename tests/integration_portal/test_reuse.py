"""News feeds, downloads, the API, the open-data page, the embeddable agenda, sitemap,
robots.txt and the metadata of pages: what other sites and programs read."""

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from core.enums import PublicationState
from partners.models import Organisation
from programmes.models import Programme
from reference.models import Territory, Theme
from tests.factories import (
    ContactPersonFactory,
    EventFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammePartnerFactory,
)
from tests.pages import find, head_link, meta

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def territory(level, code):
    return Territory.objects.get(level=level, code=code)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def records(db):
    housing = Theme.objects.get(slug="logement-hebergement")
    poitiers = ProgrammeFactory(
        title="Logement à Poitiers",
        summary='=HYPERLINK("http://x")',
        territory=territory("commune", "86194"),
    )
    poitiers.themes.add(housing)
    strasbourg = ProgrammeFactory(
        title="Foyer de Strasbourg", territory=territory("commune", "67482")
    )
    ProgrammeFactory(title="Programme en brouillon", publication_state=PublicationState.DRAFT)
    lead = poitiers.lead_organisation
    ContactPersonFactory(
        organisation=lead,
        full_name="Camille Secrète",
        email="camille@secret.example",
        phone="06 99 99 99 99",
    )
    ProgrammePartnerFactory(
        programme=poitiers,
        organisation__name="Partenaire en brouillon",
        organisation__publication_state="brouillon",
    )
    return {"poitiers": poitiers, "strasbourg": strasbourg, "lead": lead}


def test_news_feeds_in_rss_and_atom_with_the_list_filters(client, records):
    rss = ET.fromstring(client.get("/programmes/flux.rss").content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["Foyer de Strasbourg", "Logement à Poitiers"]  # newest first
    assert rss.find("channel/link").text == "http://testserver/programmes/"
    filtered = ET.fromstring(client.get("/programmes/flux.rss?departement=86").content)
    assert [item.findtext("title") for item in filtered.iter("item")] == ["Logement à Poitiers"]
    assert filtered.find("channel/title").text.endswith("(Département : Vienne (86))")
    assert filtered.find("channel/link").text == "http://testserver/programmes/?departement=86"
    link = next(filtered.iter("item")).findtext("link")
    assert link == "http://testserver" + records["poitiers"].get_absolute_url()
    atom = ET.fromstring(client.get("/programmes/flux.atom?theme=logement-hebergement").content)
    assert [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")] == [
        "Logement à Poitiers"
    ]


def test_lists_link_their_feeds(client, records):
    page = client.get("/programmes/?departement=86").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Nouveautés (RSS)" href="/programmes/flux.rss?departement=86">'
        in page
    )
    assert 'href="/programmes/flux.atom?departement=86"' in page
    events = client.get("/evenements/?theme=logement-hebergement").content.decode()
    assert 'href="/evenements/flux.rss?theme=logement-hebergement"' in events


def test_a_draft_published_today_is_news_today(client, records):
    """Feeds follow the first publication, not the creation: an imported draft published
    months later comes first, dated from its publication."""
    long_ago = timezone.now() - dt.timedelta(days=200)
    Programme.objects.filter(publication_state=PublicationState.PUBLISHED).update(
        published_at=long_ago
    )
    draft = Programme.objects.filter(title="Programme en brouillon")
    draft.update(created_at=long_ago - dt.timedelta(days=100))  # imported long ago
    draft.update(publication_state=PublicationState.PUBLISHED)
    rss = ET.fromstring(client.get("/programmes/flux.rss").content)
    items = list(rss.iter("item"))
    assert items[0].findtext("title") == "Programme en brouillon"
    published = Programme.objects.get(title="Programme en brouillon").published_at
    assert published > long_ago
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == [published.replace(microsecond=0)] + [long_ago.replace(microsecond=0)] * 2


def test_event_feed_lists_new_events(client, db):
    EventFactory(title="Rencontre récente", start=timezone.now() - dt.timedelta(days=400))
    rss = ET.fromstring(client.get("/evenements/flux.rss").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Rencontre récente"]


def test_csv_download_for_french_excel_with_the_filters(client, records):
    response = client.get("/programmes/export.csv?departement=86")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r"attachment; filename=\"programmes-(\d{4}-\d{2}-\d{2})\.csv\"; filename\*=UTF-8''programmes-\1\.csv",
        response["Content-Disposition"],
    )
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [row["titre"] for row in rows] == ["Logement à Poitiers"]
    row = rows[0]
    assert row["resume"] == '\'=HYPERLINK("http://x")'  # neutralised
    assert row["themes"] == "logement-hebergement"
    assert (row["region"], row["departement"], row["territoire_code"]) == ("75", "86", "86194")
    assert row["page"] == "http://testserver" + records["poitiers"].get_absolute_url()
    assert "Partenaire en brouillon" not in data.decode()


def test_json_download_and_no_personal_data_anywhere(client, records):
    people = ("Camille Secrète", "camille@secret.example", "06 99 99 99 99")
    for url in [
        "/programmes/export.csv",
        "/programmes/export.json",
        "/structures/export.csv",
        "/structures/export.json",
        "/evenements/export.csv",
        "/dispositifs/export.json",
        "/api/structures/",
        f"/api/structures/{records['lead'].pk}/",
        "/api/programmes/",
        "/programmes/flux.rss",
        "/sitemap-structures.xml",
        "/api/schema/",
    ]:
        content = body(client.get(url, HTTP_ACCEPT="application/json")).decode()
        for personal in people:
            assert personal not in content, f"{personal} in {url}"
    items = json.loads(body(client.get("/structures/export.json")))
    names = {item["nom"] for item in items}
    assert records["lead"].name in names and "Partenaire en brouillon" not in names
    lead = next(item for item in items if item["nom"] == records["lead"].name)
    assert set(lead) >= {"id", "page", "sigle", "rna", "siret", "themes", "reseaux", "dissoute"}
    assert lead["themes"] == [] and lead["dissoute"] is False


def test_downloads_hold_one_chunk_at_a_time(client, db, django_assert_max_num_queries, monkeypatch):
    from core import opendata

    monkeypatch.setattr(opendata, "CHUNK", 2)
    OrganisationFactory.create_batch(5)
    # 1 data version… then per chunk of 2: the organisations and 2 prefetches.
    with django_assert_max_num_queries(1 + 3 * 3):
        rows = list(
            csv.reader(
                io.StringIO(body(client.get("/structures/export.csv")).decode("utf-8-sig")),
                delimiter=";",
            )
        )
    assert len(rows) == 6


def test_unknown_download_format_is_not_found(client, db):
    assert client.get("/programmes/export.xlsx").status_code == 404


def test_api_lists_with_filters_cursor_pages_and_schema(client, records):
    answer = client.get("/api/programmes/?departement=86", HTTP_ACCEPT="application/json").json()
    assert [item["titre"] for item in answer["results"]] == ["Logement à Poitiers"]
    assert answer["next"] is None and answer["previous"] is None
    assert (
        answer["results"][0]["page"] == "http://testserver" + records["poitiers"].get_absolute_url()
    )
    words = client.get("/api/programmes/?q=foyers", HTTP_ACCEPT="application/json").json()
    assert [item["titre"] for item in words["results"]] == ["Foyer de Strasbourg"]
    OrganisationFactory.create_batch(4)
    page = client.get("/api/structures/?taille=3", HTTP_ACCEPT="application/json").json()
    assert len(page["results"]) == 3 and "cursor=" in page["next"]
    seen = [item["id"] for item in page["results"]]
    while page["next"]:
        page = client.get(page["next"], HTTP_ACCEPT="application/json").json()
        seen += [item["id"] for item in page["results"]]
    assert seen == sorted(Organisation.objects.published().values_list("id", flat=True))
    assert client.get("/api/programmes/99999/", HTTP_ACCEPT="application/json").status_code == 404
    draft = Programme.objects.get(title="Programme en brouillon")
    assert (
        client.get(f"/api/programmes/{draft.pk}/", HTTP_ACCEPT="application/json").status_code
        == 404
    )
    regions = client.get(
        "/api/territoires/?niveau=region&nom=reunion", HTTP_ACCEPT="application/json"
    ).json()
    assert [item["nom"] for item in regions["results"]] == ["La Réunion"]
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/programmes/",
        "/api/structures/",
        "/api/evenements/",
        "/api/dispositifs/",
        "/api/territoires/",
    } <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/programmes/"]["get"]["parameters"]}
    assert {"theme", "region", "departement", "statut", "q", "cursor"} <= parameters
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def test_api_events_upcoming_or_past(client, db):
    EventFactory(title="Passé", start=timezone.now() - dt.timedelta(days=30))
    EventFactory(title="À venir", start=timezone.now() + dt.timedelta(days=30))
    past = client.get("/api/evenements/?quand=passes", HTTP_ACCEPT="application/json").json()
    assert [item["titre"] for item in past["results"]] == ["Passé"]
    upcoming = client.get("/api/evenements/?quand=a-venir", HTTP_ACCEPT="application/json").json()
    assert [item["titre"] for item in upcoming["results"]] == ["À venir"]


def test_open_data_page_describes_each_dataset(client, db):
    page = client.get("/donnees-ouvertes/").content.decode()
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    for dataset in ("programmes", "dispositifs", "structures", "evenements"):
        assert f'href="/api/{dataset}/"' in page
    assert 'href="/structures/export.csv"' in page
    assert (
        "<td><code>rna</code></td><td>numéro au répertoire national des associations</td><td>texte</td>"
        in page
    )
    assert "en continu" in page


def test_embeddable_agenda_may_be_framed_and_nothing_else(client, db):
    EventFactory(
        title="Atelier à Strasbourg",
        start=timezone.now() + dt.timedelta(days=2),
        commune=territory("commune", "67482"),
    )
    EventFactory(title="Atelier ailleurs", start=timezone.now() + dt.timedelta(days=2))
    response = client.get("/integrer/evenements/?territoire=67")
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "Atelier à Strasbourg" in page and "Atelier ailleurs" not in page
    assert 'href="http://testserver/evenements/?departement=67"' in page
    region = client.get("/integrer/evenements/?territoire=region-44").content.decode()
    assert "Atelier à Strasbourg" in region
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    assert client.get("/evenements/").headers["X-Frame-Options"] == "DENY"


def test_event_page_structured_data(client, db):
    organiser = OrganisationFactory(name="Préfecture de la Vienne")
    event = EventFactory(
        title="Rencontre <des> acteurs",
        start=dt.datetime(2030, 5, 6, 9, tzinfo=dt.UTC),
        end=dt.datetime(2030, 5, 6, 17, tzinfo=dt.UTC),
        venue="Salle des fêtes",
        commune=territory("commune", "86194"),
        status="annule",
    )
    event.organisers.add(
        organiser, OrganisationFactory(name="Brouillon caché", publication_state="brouillon")
    )
    page = client.get(event.get_absolute_url()).content.decode()
    raw = find(page, 'script[type="application/ld+json"]').string
    assert "<des>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "Event" and data["name"] == "Rencontre <des> acteurs"
    assert (data["startDate"], data["endDate"]) == (
        "2030-05-06T11:00:00+02:00",
        "2030-05-06T19:00:00+02:00",
    )
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["address"]["addressLocality"] == "Poitiers"
    assert [organisation["name"] for organisation in data["organizer"]] == [
        "Préfecture de la Vienne"
    ]
    online = EventFactory(online_url="https://visio.example/x", kind="visioconference")
    online_page = client.get(online.get_absolute_url())
    data = json.loads(find(online_page, 'script[type="application/ld+json"]').string)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example/x"}


def test_pages_have_canonical_addresses_and_open_graph(client, records):
    programme = records["poitiers"]
    page = client.get(programme.get_absolute_url()).content.decode()
    assert head_link(page, "canonical") == f"http://testserver{programme.get_absolute_url()}"
    assert meta(page, "og:title") == "Logement à Poitiers"
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:locale") == "fr_FR"
    listing = client.get("/programmes/?departement=86&tri=titre&page=1").content.decode()
    assert head_link(listing, "canonical") == "http://testserver/programmes/?departement=86"


def test_sitemap_with_every_published_record_and_its_english_alternate(client, records):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [
        element.text for element in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "http://testserver/sitemap-programmes.xml" in sections
    programmes = client.get("/sitemap-programmes.xml").content.decode()
    poitiers = records["poitiers"].get_absolute_url()
    assert f"<loc>http://testserver{poitiers}</loc>" in programmes
    assert (
        f'<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en{poitiers}"/>'
        in programmes
    )
    assert "brouillon" not in programmes
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/territoires/departements/2A/</loc>" in pages


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_a_download_of_moderate_size_is_kept_until_the_data_changes(
    client, records, django_assert_num_queries, settings
):
    first = client.get("/programmes/export.csv")
    assert first.streaming
    content = body(first)
    with django_assert_num_queries(1):  # the data version only
        again = client.get("/programmes/export.csv")
    assert not again.streaming and again.content == content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    settings.DOWNLOAD_CACHE_MAX_BYTES = 100
    assert (
        body(client.get("/structures/export.csv"))
        and client.get("/structures/export.csv").streaming
    )


def test_home_and_territory_pages_link_their_feeds(client, db):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Nouveaux programmes" href="/programmes/flux.rss">'
        in home
    )
    department = client.get("/territoires/departements/86/").content.decode()
    assert 'href="/programmes/flux.rss?departement=86"' in department
    assert 'href="/evenements/flux.rss?departement=86"' in department
