"""Territory pages: France, a region, a department."""

import datetime as dt

import pytest
from django.utils import timezone

from core.enums import PublicationState
from reference.models import Territory
from tests.factories import EventFactory, OrganisationFactory, ProgrammeFactory
from tests.pages import card_titles, find, heading, hrefs, link, table_rows, text

pytestmark = pytest.mark.django_db


def territory(level, code):
    return Territory.objects.get(level=level, code=code)


@pytest.fixture
def attached(db):
    soon = timezone.now() + dt.timedelta(days=5)
    ProgrammeFactory(title="Programme de Poitiers", territory=territory("commune", "86194"))
    ProgrammeFactory(title="Programme de la Vienne", territory=territory("departement", "86"))
    ProgrammeFactory(title="Programme régional", territory=territory("region", "75"))
    ProgrammeFactory(title="Programme national", territory=territory("pays", "FR"))
    ProgrammeFactory(
        title="Programme en brouillon",
        territory=territory("departement", "86"),
        publication_state=PublicationState.DRAFT,
    )
    OrganisationFactory(name="Association poitevine", commune=territory("commune", "86194"))
    EventFactory(title="Rencontre à Poitiers", commune=territory("commune", "86194"), start=soon)
    EventFactory(
        title="Rencontre passée",
        commune=territory("commune", "86194"),
        start=soon - dt.timedelta(days=400),
    )


def test_department_page_counts_what_is_attached_to_it_and_its_communes(client, attached):
    page = client.get("/territoires/departements/86/").content.decode()
    assert heading(page) == "Vienne (86)"
    words = text(page)
    assert "2 programmes Voir la liste des programmes" in words
    assert "1 structure Voir la liste des structures" in words
    assert "1 événement à venir Voir la liste des événements" in words
    assert {
        "/programmes/?departement=86",
        "/structures/?departement=86",
        "/evenements/?departement=86",
    } <= hrefs(page)
    assert set(card_titles(page)) == {
        "Programme de Poitiers",
        "Programme de la Vienne",
        "Rencontre à Poitiers",
    }
    assert link(page, "Nouvelle-Aquitaine")["href"] == "/territoires/regions/75/"


def test_region_page_counts_by_department(client, attached):
    page = client.get("/territoires/regions/75/").content.decode()
    assert heading(page) == "Nouvelle-Aquitaine"
    assert "3 programmes" in text(page)  # the region's own, and its departments'
    assert ["Vienne (86)", "2", "1", "1"] in table_rows(page)
    assert link(page, "Vienne (86)")["href"] == "/territoires/departements/86/"
    assert "/programmes/?region=75" in hrefs(page)


def test_france_page_counts_by_region_with_the_map(client, attached):
    page = client.get("/territoires/").content.decode()
    assert "4 programmes" in text(page)  # the national one included
    assert ["Nouvelle-Aquitaine", "3", "1", "1"] in table_rows(page)
    assert "/territoires/regions/75/" in hrefs(page)
    assert find(page, 'a[aria-label="Vienne : 2 programmes"]')["href"] == (
        "/territoires/departements/86/"
    )


def test_unknown_territories_are_not_found(client, db):
    assert client.get("/territoires/departements/20/").status_code == 404
    assert client.get("/territoires/regions/99/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_territory_pages_issue_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        ProgrammeFactory(territory=territory("commune", "86194"))
        OrganisationFactory(commune=territory("commune", "86194"))
    # 1 data version; 3 counts (programmes, organisations, upcoming events); 1 latest
    # programmes; 1 next events.
    with django_assert_num_queries(6):
        client.get("/territoires/departements/86/")
    # 1 data version; 3 counts by department; 1 latest programmes; 1 next events.
    with django_assert_num_queries(6):
        client.get("/territoires/regions/75/")
    # The same by region, and 1 programmes by department for the map.
    with django_assert_num_queries(7):
        client.get("/territoires/")
