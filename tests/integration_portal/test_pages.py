"""The home page, the record pages that gather several layers, the pages about the site."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from core.enums import PublicationState
from events.models import Event
from partners.models import Organisation
from programmes.models import Programme
from tests.factories import (
    AgendaItemFactory,
    ContactPersonFactory,
    EventFactory,
    FigureFactory,
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammePartnerFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.pages import find, head_link, heading, hrefs, language, parse, text, texts

pytestmark = pytest.mark.django_db


def test_home_is_french_with_its_landmarks_search_box_and_entry_points(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert language(html) == "fr"
    assert find(html, "main")["id"] == "content"
    assertContains(response, '<a class="fr-link" href="#content">Aller au contenu</a>', html=True)
    assertContains(
        response,
        '<label class="fr-label" for="home-search">Rechercher un programme, une structure, '
        "un événement ou un lieu</label>",
        html=True,
    )
    search = find(html, "input#home-search")
    assert (search["type"], search["name"]) == ("search", "q")
    assert set(texts(html, 'nav[aria-labelledby="lists-title"] a')) == {
        "Programmes",
        "Dispositifs",
        "Structures",
        "Événements",
        "Territoires",
    }
    assert {"/programmes/", "/dispositifs/", "/structures/", "/evenements/", "/territoires/"} <= (
        hrefs(find(html, 'nav[aria-labelledby="lists-title"]'))
    )
    assert head_link(html, "alternate", hreflang="en") == "http://testserver/en/"


def test_home_key_figures(client, demo):
    year = timezone.localdate().year
    FundingFactory(
        programme=Programme.objects.get(scheme__acronym="PRIR"),
        year=year,
        amount=Decimal("1500000"),
    )
    FundingFactory(
        programme__publication_state=PublicationState.DRAFT, year=year, amount=Decimal("999")
    )
    EventFactory(start=timezone.now() + dt.timedelta(days=3))
    html = client.get("/").content.decode()
    organisations = Organisation.objects.published().count()
    assert texts(html, ".portal-figure") == [
        "9 programmes publiés",
        f"{organisations} structures",
        "1 événement à venir",
        f"1\u202f500\u202f000 € de financements en {year}",
    ]
    assert texts(html, ".portal-figure strong") == [
        "9",
        str(organisations),
        "1",
        "1\u202f500\u202f000 €",
    ]


def test_home_shows_next_events_and_latest_programmes(client, demo):
    now = timezone.now()
    EventFactory(title="Rencontre de demain", start=now + dt.timedelta(days=1))
    EventFactory(title="Rencontre d'hier", start=now - dt.timedelta(days=2))
    EventFactory(
        title="Brouillon de rencontre",
        start=now + dt.timedelta(days=2),
        publication_state=PublicationState.DRAFT,
    )
    ProgrammeFactory(title="Programme tout neuf")
    html = client.get("/").content.decode()
    upcoming = text(find(html, 'section[aria-labelledby="upcoming-title"]'))
    assert "Rencontre de demain" in upcoming
    assert "Rencontre d'hier" not in text(html)
    assert "Brouillon de rencontre" not in html
    latest = text(find(html, 'section[aria-labelledby="programmes-title"]'))
    assert latest.index("Programme tout neuf") < latest.index("Plateforme nationale")


def test_home_map_links_each_department_and_has_its_table(client, demo):
    html = client.get("/").content.decode()
    departments = [
        a for a in parse(html).find_all("a", href=True) if "/territoires/departements/" in a["href"]
    ]
    assert len(departments) >= 2 * 101  # map and table
    for label, href in [
        ("Vienne : 2 programmes", "/territoires/departements/86/"),
        ("Corse-du-Sud : aucun programme", "/territoires/departements/2A/"),
        ("Mayotte : aucun programme", "/territoires/departements/976/"),
    ]:
        assert find(html, f'a[aria-label="{label}"]')["href"] == href
    table = text(find(html, "details"))
    assertContains(
        client.get("/"),
        '<tr><th scope="row"><a href="/territoires/departements/86/">Vienne (86)</a></th>'
        "<td>2</td></tr>",
        html=True,
    )
    assert "Nombre de programmes publiés par département" in table
    assert "CC BY 4.0" in html  # the outlines' credit


def test_home_when_nothing_is_published(client, db):
    html = client.get("/").content.decode()
    assert "Aucun événement annoncé pour le moment." in html
    assert "Aucun programme publié pour le moment." in html


@pytest.mark.parametrize("count", [1, 3])
def test_home_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        ProgrammeFactory(territory__code="86", territory__level="departement")
        EventFactory(start=timezone.now() + dt.timedelta(days=1))
    # 1 data version (page cache); 1 COUNT of programmes, 1 of organisations, 1 of upcoming
    # events, 1 SUM of this year's funding; 1 latest programmes with scheme, territory and
    # lead organisation; 1 next events with series and commune; 1 programmes by department.
    with django_assert_num_queries(8):
        response = client.get("/")
    assert len(response.context["latest_programmes"]) == count


def test_programme_page_shows_its_content_and_funding_by_year(client, demo):
    ctair = Programme.objects.get(scheme__acronym="CTAIR")
    FundingFactory(
        programme=ctair, funder__name="Fondation du test", year=2022, amount=Decimal("5000.50")
    )
    response = client.get(ctair.get_absolute_url())
    assertContains(
        response,
        "<h1>Contrat territorial d&#x27;accueil et d&#x27;intégration des réfugiés de Poitiers</h1>",
        html=True,
    )
    html = text(response)
    assert html.index("Financements de 2022") < html.index("Financements de 2021")
    assertContains(response, "<td>200\u202f000 € par an</td>", html=True)
    assertContains(
        response,
        '<tfoot><tr><th scope="row">Total</th><td>205\u202f001 €</td><td colspan="3"></td></tr></tfoot>',
        html=True,
    )
    assertContains(response, "L’Astre en Moi")
    assertContains(
        response,
        "<strong>32</strong> <span>associations d&#x27;aide aux migrants dont le dialogue "
        "avec la ville a abouti à la charte d&#x27;engagements</span> (2020)",
        html=True,
    )
    assertContains(response, "Source : <span>Entretien avec la maire de Poitiers", count=1)


def test_programme_page_lists_its_events(client, demo):
    module = Programme.objects.get(title__startswith="Module d'échanges")
    response = client.get(module.get_absolute_url())
    events = text(response).split("Événements liés")[1]
    assert events.index("Troisième journée inter-acteurs") < events.index(
        "Deuxième rencontre inter-acteurs"
    )


def test_organisation_page_shows_programmes_with_roles_events_and_no_contact_people(client, demo):
    poitiers = Organisation.objects.get(name="Ville de Poitiers")
    response = client.get(poitiers.get_absolute_url())
    cards = parse(response).select("li.fr-col-12.fr-col-lg-6:has(.fr-card)")
    roles = {texts(card, ".fr-card__title a")[0]: texts(card, "p.fr-tag--sm") for card in cards}
    assert roles == {
        "Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers": ["Porteur"],
        "Ressources pour les mineurs isolés en Vienne (REMIV)": ["Financeur"],
    }
    assertContains(response, "Association nationale des villes et territoires accueillants")
    dihal = client.get(Organisation.objects.get(acronym="Dihal").get_absolute_url())
    assertContains(dihal, "62ème atelier thématique de la Dihal")
    for personal in ("Daunis", "sandra.daunis@dihal.gouv.fr", "Viscontini"):
        assertNotContains(dihal, personal)


def test_no_public_page_shows_contact_people(client, demo):
    contact = ContactPersonFactory(organisation=Organisation.objects.get(name="Ville de Poitiers"))
    pages = ["/", "/structures/", "/recherche/?q=poitiers", "/territoires/departements/86/"] + [
        record.get_absolute_url()
        for model in (Organisation, Programme, Event)
        for record in model.objects.all()
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for personal in (contact.full_name, contact.email, contact.phone, "Daunis"):
            assert personal not in html, f"{personal} shown on {url}"


def test_event_page_shows_agenda_and_resources(client, demo):
    event = Event.objects.get(edition=62)
    response = client.get(event.get_absolute_url())
    assert {"Station F, Paris", "mercredi 16 mai 2018"} <= set(texts(response, "dd"))
    assertContains(response, "Ateliers thématiques de la Dihal</span> — édition n° 62")
    assertContains(
        response,
        "Présentation : <span>Présentations diffusées lors de l&#x27;atelier</span> "
        "(lien non communiqué)",
    )
    assertContains(response, "Table ronde")


def test_event_page_marks_cancelled_events(client):
    event = EventFactory(status="annule")
    assertContains(client.get(event.get_absolute_url()), "Cet événement est annulé.")


def test_old_address_redirects_to_the_current_one(client):
    programme = ProgrammeFactory(title="Intermédiation locative")
    old_url = programme.get_absolute_url()
    programme.title = "Intermédiation locative de l'APART"
    programme.save()
    assertRedirects(client.get(old_url), programme.get_absolute_url(), status_code=301)
    assert re.search(
        r"/programmes/\d+-intermediation-locative-de-lapart/$", programme.get_absolute_url()
    )


def test_addresses_spell_ligatures_out(client):
    programme = ProgrammeFactory(title="Action cœur de ville")
    assert programme.get_absolute_url().endswith("-action-coeur-de-ville/")


def test_unprefixed_pages_are_french_whatever_the_browser_asks(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert language(response) == "fr"
    assertContains(response, "Prochains événements")


def test_accessibility_statement_and_legal_notice_are_linked_from_the_footer(client, db):
    footer = find(client.get("/"), "#footer")
    assert {"/accessibilite/", "/mentions-legales/"} <= hrefs(footer)
    statement = client.get("/accessibilite/")
    assert heading(statement) == "Déclaration d'accessibilité"
    assertContains(statement, "partiellement conforme")
    assertContains(statement, 'href="mailto:accessibilite@integration.gouv.example"')
    assertContains(statement, "Défenseur des droits")
    assertContains(client.get("/mentions-legales/"), "Licence Ouverte")


@pytest.mark.parametrize("count", [1, 3])
def test_programme_page_issues_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    programme = ProgrammeFactory()
    for _ in range(count):
        ProgrammePartnerFactory(programme=programme)
        EventFactory().programmes.add(programme)
        FigureFactory(programme=programme)
        FundingFactory(programme=programme)
    programme.themes.add(*ThemeFactory.create_batch(count))
    # 1 data version; 1 programme with scheme, territory and lead organisation; prefetches:
    # 1 themes, 1 audiences, 1 published partners with organisations, 1 figures, 1 fundings
    # with funders; 1 related events with series and commune.
    with django_assert_num_queries(8):
        response = client.get(programme.get_absolute_url())
    assert len(response.context["programme"].partnerships.all()) == count


@pytest.mark.parametrize("count", [1, 3])
def test_event_page_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    event = EventFactory()
    for _ in range(count):
        AgendaItemFactory(event=event)
        ResourceFactory(event=event)
        event.organisers.add(OrganisationFactory())
        event.programmes.add(ProgrammeFactory())
    # 1 data version; 1 event with series, commune and territory; prefetches: themes, agenda
    # items, resources, published organisers, published programmes.
    with django_assert_num_queries(7):
        response = client.get(event.get_absolute_url())
    assert len(response.context["event"].agenda_items.all()) == count


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_issues_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    organisation = OrganisationFactory()
    for _ in range(count):
        ProgrammeFactory(lead_organisation=organisation)
        ProgrammePartnerFactory(organisation=organisation, role="financeur")
        EventFactory().organisers.add(organisation)
        MembershipFactory(member=organisation)
    # 1 data version; 1 organisation with commune and territory; prefetches: themes, published
    # networks; 1 programmes it leads or partners; 1 its roles in them; 1 events it organises.
    with django_assert_num_queries(7):
        response = client.get(organisation.get_absolute_url())
    assert len(response.context["programmes"]) == 2 * count


def test_health_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sante/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
