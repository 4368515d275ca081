"""The public list of programmes (facets, search, sorts, pages) and the schemes' pages."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains

from core.enums import PublicationState
from programmes.models import Programme, Scheme
from reference.models import Audience, Territory, Theme
from tests.factories import OrganisationFactory, ProgrammeFactory, SchemeFactory
from tests.pages import card_titles, options, text, texts

pytestmark = pytest.mark.django_db


def territory(level, code):
    return Territory.objects.get(level=level, code=code)


@pytest.fixture
def programmes(db):
    """Five published programmes and a draft, over two schemes, themes and regions."""
    housing, french = (
        Theme.objects.get(slug="logement-hebergement"),
        Theme.objects.get(slug="apprentissage-francais"),
    )
    refugees = Audience.objects.get(slug="refugies")
    ptftm = SchemeFactory(name="Plan de traitement des foyers", acronym="PTFTM")
    prir = SchemeFactory(name="Projet régional pour l'intégration des réfugiés", acronym="PRIR")
    made = {
        "strasbourg": ProgrammeFactory(
            title="Foyer de Strasbourg",
            scheme=ptftm,
            territory=territory("commune", "67482"),
            start_date=dt.date(2019, 1, 1),
            end_date=dt.date(2031, 12, 31),
        ),
        "metz": ProgrammeFactory(
            title="Résidence sociale de Metz",
            scheme=ptftm,
            territory=territory("departement", "57"),
            start_date=dt.date(2020, 3, 1),
            status=Programme.Status.FINISHED,
        ),
        "grand-est": ProgrammeFactory(
            title="Accompagnement régional", scheme=prir, territory=territory("region", "44")
        ),
        "poitiers": ProgrammeFactory(
            title="Logement des réfugiés à Poitiers",
            scheme=prir,
            territory=territory("commune", "86194"),
            start_date=dt.date(2021, 5, 1),
            end_date=dt.date(2030, 6, 30),
        ),
        "national": ProgrammeFactory(
            title="Plateforme nationale", scheme=prir, territory=territory("pays", "FR")
        ),
    }
    ProgrammeFactory(
        title="Programme en brouillon",
        scheme=ptftm,
        territory=territory("commune", "67482"),
        publication_state=PublicationState.DRAFT,
    )
    for key in ("strasbourg", "metz", "poitiers"):
        made[key].themes.add(housing)
    made["poitiers"].themes.add(french)
    made["poitiers"].audiences.add(refugees)
    return made


def test_every_facet_offers_its_values_with_their_counts(client, programmes):
    page = client.get("/programmes/").content.decode()
    ptftm, prir = Scheme.objects.get(acronym="PTFTM"), Scheme.objects.get(acronym="PRIR")
    assert options(page, "dispositif") == {str(ptftm.pk): "PTFTM (2)", str(prir.pk): "PRIR (3)"}
    assert options(page, "theme") == {
        "apprentissage-francais": "Apprentissage du français (1)",
        "logement-hebergement": "Logement et hébergement (3)",
    }
    assert options(page, "public") == {"refugies": "Réfugiés (1)"}
    assert options(page, "region") == {"44": "Grand Est (3)", "75": "Nouvelle-Aquitaine (1)"}
    assert options(page, "departement") == {
        "57": "Moselle (57) (1)",
        "67": "Bas-Rhin (67) (1)",
        "86": "Vienne (86) (1)",
    }
    assert options(page, "statut") == {"en_cours": "En cours (4)", "termine": "Terminé (1)"}
    assert options(page, "annee") == {"2021": "2021 (1)", "2020": "2020 (1)", "2019": "2019 (1)"}
    assert "5 résultats" in text(page)
    assert "Programme en brouillon" not in page


def test_two_facets_narrow_the_list_and_each_counts_with_the_others(client, programmes):
    page = client.get("/programmes/?theme=logement-hebergement&region=44").content.decode()
    assert card_titles(page) == ["Foyer de Strasbourg", "Résidence sociale de Metz"]
    assert "2 résultats" in text(page)
    # Each facet counts with the other filters applied, not its own.
    assert options(page, "region") == {"44": "Grand Est (2) [x]", "75": "Nouvelle-Aquitaine (1)"}
    assert options(page, "theme") == {
        "logement-hebergement": "Logement et hébergement (2) [x]",
    }
    assert options(page, "statut") == {"en_cours": "En cours (1)", "termine": "Terminé (1)"}
    assertContains(
        client.get("/programmes/?theme=logement-hebergement&region=44"),
        '<a class="fr-tag fr-tag--icon-left fr-icon-close-line" href="/programmes/?theme=logement-hebergement" '
        'aria-label="Retirer le filtre Région : Grand Est">Région : Grand Est</a>',
        html=True,
    )


def test_a_department_holds_what_is_attached_to_its_communes(client, programmes):
    page = client.get("/programmes/?departement=67").content.decode()
    assert card_titles(page) == ["Foyer de Strasbourg"]
    page = client.get("/programmes/?region=75").content.decode()
    assert card_titles(page) == ["Logement des réfugiés à Poitiers"]


def test_status_year_and_audience_filters(client, programmes):
    assert card_titles(client.get("/programmes/?statut=termine").content.decode()) == [
        "Résidence sociale de Metz"
    ]
    assert card_titles(client.get("/programmes/?annee=2021").content.decode()) == [
        "Logement des réfugiés à Poitiers"
    ]
    assert card_titles(client.get("/programmes/?public=refugies").content.decode()) == [
        "Logement des réfugiés à Poitiers"
    ]


def test_malformed_values_are_ignored(client, programmes):
    page = client.get("/programmes/?annee=deux-mille&statut=inconnu&dispositif=x").content.decode()
    assert "5 résultats" in text(page)


def test_search_ranks_titles_above_summaries_above_descriptions(client, programmes):
    ProgrammeFactory(title="Cours du soir", description="Dans les écoles du quartier")
    ProgrammeFactory(title="Ateliers", summary="À l'École des parents")
    ProgrammeFactory(title="École de la deuxième chance")
    page = client.get("/programmes/?q=ecole").content.decode()
    assert card_titles(page) == ["École de la deuxième chance", "Ateliers", "Cours du soir"]
    assert texts(page, ".fr-card mark") == ["École", "École"]
    assert "À l'École des parents" in texts(page, ".fr-card__desc")
    assert options(page, "tri") == {
        "pertinence": "Pertinence [x]",
        "titre": "Titre",
        "recents": "Les plus récents",
        "fin": "Fin la plus proche",
    }


def test_sorts(client, programmes):
    def titles(sort):
        return card_titles(client.get(f"/programmes/?tri={sort}").content.decode())

    assert titles("titre") == [
        "Accompagnement régional",
        "Foyer de Strasbourg",
        "Logement des réfugiés à Poitiers",
        "Plateforme nationale",
        "Résidence sociale de Metz",
    ]
    assert titles("recents")[:3] == [
        "Logement des réfugiés à Poitiers",
        "Résidence sociale de Metz",
        "Foyer de Strasbourg",
    ]
    assert titles("fin")[:2] == ["Logement des réfugiés à Poitiers", "Foyer de Strasbourg"]
    assert "pertinence" not in options(client.get("/programmes/").content.decode(), "tri")


def test_filters_are_kept_by_the_pages_and_the_language_switch(client, programmes):
    scheme = Scheme.objects.get(acronym="PTFTM")
    for number in range(25):
        ProgrammeFactory(title=f"Foyer n° {number:02}", scheme=scheme)
    response = client.get(f"/programmes/?dispositif={scheme.pk}&tri=titre")
    page = response.content.decode()
    assert f'rel="next" href="/programmes/?dispositif={scheme.pk}&amp;tri=titre&amp;page=2"' in page
    assert (
        f'<a class="fr-btn fr-icon-translate-2" href="/en/programmes/?dispositif={scheme.pk}&amp;tri=titre" '
        'hreflang="en" lang="en">English</a>'
    ) in page
    second = client.get(f"/programmes/?dispositif={scheme.pk}&tri=titre&page=2").content.decode()
    assert (
        f'rel="prev" href="/programmes/?dispositif={scheme.pk}&amp;tri=titre&amp;page=1"' in second
    )
    assert len(card_titles(second)) == 7  # 27 in all, 20 a page
    assert "27 résultats" in text(second)


def test_an_empty_result_offers_to_remove_the_narrowest_filter(client, programmes):
    page = client.get("/programmes/?statut=termine&region=75&theme=logement-hebergement")
    html = page.content.decode()
    assert "Aucun programme ne correspond à ces critères." in html
    assert card_titles(html) == []
    wider = text(html).split("Élargir la recherche :")[1].split("République")[0]
    # Without the status, 1 programme; without the region, 1; without the theme, none.
    assert "retirer « Statut : Terminé » (1 résultat)" in wider
    assert "retirer « Région : Nouvelle-Aquitaine » (1 résultat)" in wider
    assert "Thème" not in wider
    # The filter whose removal gives the most comes first.
    prir = Scheme.objects.get(acronym="PRIR")
    html = client.get(f"/programmes/?dispositif={prir.pk}&statut=termine").content.decode()
    wider = text(html).split("Élargir la recherche :")[1].split("Réutiliser")[0]
    assert wider.strip() == (
        "retirer « Statut : Terminé » (3 résultats) retirer « Dispositif : PRIR » (1 résultat)"
    )


def test_words_with_a_place_filter_the_list_by_its_department(client, programmes):
    page = client.get("/programmes/?q=logement+poitiers").content.decode()
    assert card_titles(page) == ["Logement des réfugiés à Poitiers"]
    assert "Lieu reconnu dans la recherche : Poitiers (86)." in text(page)
    assert 'href="/programmes/?q=logement+poitiers&amp;lieu=0"' in page
    as_words = client.get("/programmes/?q=logement+poitiers&lieu=0").content.decode()
    assert card_titles(as_words) == ["Logement des réfugiés à Poitiers"]
    assert "Lieu reconnu" not in as_words


def test_a_draft_scheme_or_lead_organisation_is_never_named(client, programmes):
    hidden_scheme = SchemeFactory(
        name="Dispositif secret", acronym="SECRET", publication_state="brouillon"
    )
    hidden_lead = OrganisationFactory(name="Porteur secret", publication_state="brouillon")
    ProgrammeFactory(title="Programme public", scheme=hidden_scheme, lead_organisation=hidden_lead)
    page = client.get("/programmes/").content.decode()
    assert "Programme public" in page
    assert "SECRET" not in page and "secret" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        programme = ProgrammeFactory(territory=territory("commune", "86194"))
        programme.themes.add(Theme.objects.get(slug="logement-hebergement"))
    # 1 data version; 7 facets (scheme, theme, audience, region, department, status, year),
    # one GROUP BY each, kept in the cache; 1 page of programmes with scheme, territory and
    # lead organisation.
    with django_assert_num_queries(9):
        response = client.get("/programmes/?theme=logement-hebergement")
    assert len(response.context["listing"].page) == count
    # Another page of the same list: the facets come from the cache.
    with django_assert_num_queries(2):
        client.get("/programmes/?theme=logement-hebergement&page=2")


def test_scheme_list_counts_published_programmes(client, programmes):
    SchemeFactory(name="Dispositif en brouillon", publication_state=PublicationState.DRAFT)
    page = client.get("/dispositifs/").content.decode()
    assert "Dispositif en brouillon" not in page
    assert "Plan de traitement des foyers (PTFTM) 2 programmes" in text(page)
    assert "Projet régional pour l'intégration des réfugiés (PRIR) 3 programmes" in text(page)


def test_scheme_page_lists_its_programmes_filterable_by_territory(client, programmes):
    prir = Scheme.objects.get(acronym="PRIR")
    page = client.get(prir.get_absolute_url()).content.decode()
    assert card_titles(page) == [
        "Accompagnement régional",
        "Logement des réfugiés à Poitiers",
        "Plateforme nationale",
    ]
    assert 'name="dispositif"' not in page
    assert options(page, "region") == {"44": "Grand Est (1)", "75": "Nouvelle-Aquitaine (1)"}
    filtered = client.get(prir.get_absolute_url() + "?region=75").content.decode()
    assert card_titles(filtered) == ["Logement des réfugiés à Poitiers"]


@pytest.mark.parametrize("count", [1, 3])
def test_scheme_pages_issue_a_constant_number_of_queries(client, django_assert_num_queries, count):
    scheme = SchemeFactory()
    for _ in range(count):
        SchemeFactory()
        ProgrammeFactory(scheme=scheme, territory=territory("commune", "86194"))
    # 1 data version; 1 published schemes with their pilot and number of published programmes.
    with django_assert_num_queries(2):
        response = client.get("/dispositifs/")
    assert len(response.context["schemes"]) == count + 1
    # 1 data version; 1 the scheme with its pilot; 6 facets (theme, audience, region,
    # department, status, year); 1 page of its programmes with their relations.
    with django_assert_num_queries(9):
        response = client.get(scheme.get_absolute_url())
    assert len(response.context["listing"].page) == count
