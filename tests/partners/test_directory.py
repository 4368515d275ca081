"""The public directory of organisations."""

import pytest

from core.enums import PublicationState
from partners.models import Organisation
from reference.models import Territory, Theme
from tests.factories import MembershipFactory, OrganisationFactory
from tests.pages import card_titles, options, text, texts

pytestmark = pytest.mark.django_db


def commune(code):
    return Territory.objects.get(level="commune", code=code)


@pytest.fixture
def directory(db):
    housing = Theme.objects.get(slug="logement-hebergement")
    anvita = OrganisationFactory(
        name="Association nationale des villes accueillantes", acronym="ANVITA", kind="reseau"
    )
    draft_network = OrganisationFactory(
        name="Réseau en préparation", kind="reseau", publication_state=PublicationState.DRAFT
    )
    poitiers = OrganisationFactory(
        name="Ville de Poitiers", kind="collectivite", commune=commune("86194"), postcode="86000"
    )
    audacia = OrganisationFactory(
        name="Audacia",
        commune=commune("86194"),
        rna="W863001728",
        siret="44810021400114",
        siren="448100214",
    )
    adoma = OrganisationFactory(
        name="Adoma",
        kind="bailleur_social",
        territory=Territory.objects.get(level="pays", code="FR"),
        commune=commune("75115"),
        description="Gestionnaire de foyers de travailleurs migrants et de résidences sociales.",
    )
    OrganisationFactory(
        name="Association en brouillon",
        commune=commune("86194"),
        publication_state=PublicationState.DRAFT,
    )
    audacia.themes.add(housing)
    adoma.themes.add(housing)
    MembershipFactory(member=poitiers, network=anvita)
    MembershipFactory(member=audacia, network=draft_network)
    return {"anvita": anvita, "poitiers": poitiers, "audacia": audacia, "adoma": adoma}


def test_directory_facets_with_counts(client, directory):
    page = client.get("/structures/").content.decode()
    assert card_titles(page) == [
        "Adoma",
        "Association nationale des villes accueillantes (ANVITA)",
        "Audacia",
        "Ville de Poitiers",
    ]
    assert options(page, "type") == {
        "association": "Association (1)",
        "bailleur_social": "Bailleur social (1)",
        "collectivite": "Collectivité territoriale (1)",
        "reseau": "Réseau (1)",
    }
    assert options(page, "theme") == {"logement-hebergement": "Logement et hébergement (2)"}
    # Adoma acts nationally: it is in no region, whatever its address.
    assert options(page, "region") == {"75": "Nouvelle-Aquitaine (2)"}
    assert options(page, "departement") == {"86": "Vienne (86) (2)"}
    anvita = directory["anvita"]
    assert options(page, "reseau") == {
        str(anvita.pk): "Association nationale des villes accueillantes (1)"
    }
    assert "Réseau en préparation" not in page and "Association en brouillon" not in page
    assert "4 résultats" in text(page)


def test_directory_filters_by_network_and_department(client, directory):
    anvita = directory["anvita"]
    assert card_titles(client.get(f"/structures/?reseau={anvita.pk}").content.decode()) == [
        "Ville de Poitiers"
    ]
    assert card_titles(
        client.get("/structures/?departement=86&type=association").content.decode()
    ) == ["Audacia"]


@pytest.mark.parametrize(
    "query", ["W863001728", "w863 001 728", "44810021400114", "448 100 214 00114", "448100214"]
)
def test_search_by_rna_siret_or_siren(client, directory, query):
    page = client.get("/structures/", {"q": query}).content.decode()
    assert card_titles(page) == ["Audacia"]


def test_search_by_name_acronym_and_description(client, directory):
    assert card_titles(client.get("/structures/?q=anvita").content.decode()) == [
        "Association nationale des villes accueillantes (ANVITA)"
    ]
    page = client.get("/structures/?q=foyer").content.decode()
    assert card_titles(page) == ["Adoma"]
    assert texts(page, ".fr-card mark") == ["foyers"]
    assert texts(page, ".fr-card__desc") == [
        "Gestionnaire de foyers de travailleurs migrants et de résidences sociales."
    ]


def test_a_place_alone_is_searched_as_words_and_its_department_offered(client, directory):
    page = client.get("/structures/?q=poitiers").content.decode()
    assert card_titles(page) == ["Ville de Poitiers"]
    assert 'href="/structures/?departement=86"' in page
    assert "Voir plutôt ce qui est rattaché au département Vienne (86)" in text(page)
    postcode = client.get("/structures/?q=86000").content.decode()
    assert card_titles(postcode) == ["Audacia", "Ville de Poitiers"]


@pytest.mark.parametrize("count", [1, 3])
def test_directory_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        organisation = OrganisationFactory(commune=commune("86194"))
        organisation.themes.add(Theme.objects.get(slug="logement-hebergement"))
    # 1 data version; 5 facets (kind, theme, region, department, network); 1 page of
    # organisations with their commune; 1 their themes.
    with django_assert_num_queries(8):
        response = client.get("/structures/?departement=86")
    assert len(response.context["listing"].page) == count
    assert Organisation.objects.count() == count
