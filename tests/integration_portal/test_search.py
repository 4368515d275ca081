"""The search across all kinds of records: French, accent-insensitive, ranked, highlighted."""

import datetime as dt

import pytest
from pytest_django.asserts import assertRedirects

from reference.models import Territory
from tests.factories import EventFactory, OrganisationFactory, ProgrammeFactory, SchemeFactory
from tests.pages import find, parse, text, texts

pytestmark = pytest.mark.django_db


def headings(page: str) -> list[str]:
    return texts(page, ".portal-result h2 a")


@pytest.fixture
def records(db):
    return {
        "school": ProgrammeFactory(title="École de la deuxième chance"),
        "refugees": OrganisationFactory(
            name="Accueil des réfugiés", description="Hébergement d'urgence"
        ),
        "hostel": ProgrammeFactory(title="Réhabilitation du foyer Koenigshoffen"),
        "integration": EventFactory(
            title="Journée de l'Intégration",
            summary="Rencontre des acteurs",
            start=dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC),
        ),
        "scheme": SchemeFactory(
            name="Contrat territorial d'accueil", summary="Pour l'intégration des réfugiés"
        ),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ecole", "École de la deuxième chance"),
        ("refugie", "Accueil des réfugiés"),
        ("foyers", "Réhabilitation du foyer Koenigshoffen"),
        ("integration", "Journée de l'Intégration"),
        ("INTÉGRATION", "Journée de l'Intégration"),
        ("hebergement", "Accueil des réfugiés"),
    ],
)
def test_french_accent_insensitive_search(client, records, query, found):
    page = client.get("/recherche/", {"q": query}).content.decode()
    assert found in headings(page)


def test_results_of_every_kind_ranked_with_their_type_and_highlights(client, records):
    page = client.get("/recherche/?q=refugies").content.decode()
    assert headings(page) == ["Accueil des réfugiés", str(records["scheme"])]
    results = parse(page).select(".portal-result")
    assert [texts(result, "mark") for result in results] == [["réfugiés"], ["réfugiés"]]
    assert texts(page, ".portal-result .fr-badge") == ["Structure", "Dispositif"]
    assert "Pour l'intégration des réfugiés" in text(results[1])
    assert "2 résultats pour « refugies »" in text(page)
    assert "Structures (1)" in text(page) and "Dispositifs (1)" in text(page)


def test_titles_rank_above_summaries(client, db):
    ProgrammeFactory(title="Accompagnement", summary="Pour les familles de réfugiés")
    ProgrammeFactory(title="Familles réfugiées")
    page = client.get("/recherche/?q=familles").content.decode()
    assert headings(page) == ["Familles réfugiées", "Accompagnement"]


def test_results_filtered_by_type(client, records):
    page = client.get("/recherche/?q=integration&type=evenement").content.decode()
    assert headings(page) == ["Journée de l'Intégration"]
    assert text(find(page, '.fr-sidemenu a[aria-current="page"]')) == "Événements (1)"


def test_a_search_without_results_says_so(client, records):
    page = client.get("/recherche/?q=zzyzx").content.decode()
    assert "Aucun résultat pour « zzyzx »." in page
    assert "0 résultat pour « zzyzx »" in text(page)


def test_stop_words_alone_are_not_searched(client, records):
    page = client.get("/recherche/?q=de+la").content.decode()
    assert "trop courants pour être cherchés" in page


def test_a_postcode_or_a_place_name_alone_leads_to_its_department(client, db):
    assertRedirects(client.get("/recherche/?q=86000"), "/territoires/departements/86/?depuis=86000")
    assertRedirects(
        client.get("/recherche/?q=Poitiers"), "/territoires/departements/86/?depuis=Poitiers"
    )
    assertRedirects(
        client.get("/recherche/?q=bretagne"), "/territoires/regions/53/?depuis=bretagne"
    )
    page = client.get("/territoires/departements/86/?depuis=Poitiers").content.decode()
    assert "Vous avez cherché « Poitiers » : voici ce lieu." in page
    assert 'href="/recherche/?q=Poitiers&amp;lieu=0"' in page


def test_a_place_name_that_is_also_a_word_in_the_records_is_searched_too(client, db):
    ProgrammeFactory(title="École des parents")  # École is also a commune of Savoie
    page = client.get("/recherche/?q=ecole").content.decode()
    assert headings(page) == ["École des parents"]
    assert 'href="/territoires/departements/73/"' in page


def test_words_with_a_place_filter_the_results_by_its_department(client, db):
    poitiers = Territory.objects.get(level="commune", code="86194")
    ProgrammeFactory(title="Logement des réfugiés", territory=poitiers)
    ProgrammeFactory(title="Logement des familles")
    page = client.get("/recherche/?q=logement+poitiers").content.decode()
    assert headings(page) == ["Logement des réfugiés"]
    assert "Lieu reconnu : Poitiers (86)." in text(page)
    everywhere = client.get("/recherche/?q=logement+poitiers&lieu=0").content.decode()
    assert headings(everywhere) == []  # « poitiers » as a word: in no title


def test_a_shared_place_name_offers_each_place(client, db):
    page = client.get("/recherche/?q=saint-denis").content.decode()
    assert "Plusieurs lieux s'appellent « saint-denis »" in text(page)
    assert 'href="/territoires/departements/93/"' in page
    assert 'href="/territoires/departements/974/"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_search_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for number in range(count):
        ProgrammeFactory(title=f"Logement {number}")
        OrganisationFactory(name=f"Logement solidaire {number}")
    # 1 data version; 1 stems of the words; 4 counts (programmes, schemes, organisations,
    # events); 1 page of the union of the four.
    with django_assert_num_queries(7):
        response = client.get("/recherche/?q=logement")
    assert len(response.context["results"]) == 2 * count


def test_a_word_in_very_many_records_ranks_the_first_found_and_says_there_are_more(
    client, db, monkeypatch
):
    from integration_portal.views import search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    for number in range(5):
        ProgrammeFactory(title=f"Logement {number}")
    OrganisationFactory(name="Logement solidaire")
    page = client.get("/recherche/?q=logement").content.decode()
    assert len(headings(page)) == 4  # 3 programmes and 1 organisation
    assert "Plus de 4 résultats pour « logement »" in text(page)
    assert "Programmes (plus de 3)" in text(page) and "Structures (1)" in text(page)
    assert "les 3 premières trouvées de chaque type sont classées ici" in text(page)
