import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from events.models import Event
from partners.models import Organisation
from programmes.models import Programme
from reference.enums import PublicationState
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_home_is_french_and_lists_programmes_and_events(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert '<main id="content"' in html
    assertContains(response, '<a class="fr-link" href="#content">Aller au contenu</a>', html=True)
    prir = Programme.objects.get(scheme__acronym="PRIR")
    assertContains(
        response,
        f'<a href="{prir.get_absolute_url()}">Projet régional pour l&#x27;intégration des '
        "réfugiés en Auvergne-Rhône-Alpes</a>",
        html=True,
    )
    assertContains(response, "Événements passés")
    assertContains(response, "Aucun événement annoncé pour le moment.")
    assertContains(response, "du 7 au 8 juin 2019")


def test_home_separates_upcoming_from_past_events(client):
    now = timezone.now()
    EventFactory(
        title="Rencontre de demain",
        start=now + dt.timedelta(days=1),
        end=now + dt.timedelta(days=1, hours=2),
    )
    EventFactory(
        title="Rencontre d'hier", start=now - dt.timedelta(days=1), end=now - dt.timedelta(hours=20)
    )
    EventFactory(
        title="Brouillon de rencontre",
        start=now + dt.timedelta(days=2),
        end=now + dt.timedelta(days=2, hours=2),
        publication_state=PublicationState.DRAFT,
    )
    html = client.get("/").content.decode()
    upcoming, past = html.split('id="upcoming-title"')[1].split('id="past-title"')
    assert "Rencontre de demain" in upcoming and "Rencontre d&#x27;hier" not in upcoming
    assert "Rencontre d&#x27;hier" in past
    assert "Brouillon de rencontre" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_home_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        ProgrammeFactory()
        EventFactory()
    # 1 COUNT of published programmes (paginator), 1 page of programmes with scheme, territory
    # and lead organisation, 1 upcoming events, 1 past events (each with series and commune).
    with django_assert_num_queries(4):
        response = client.get("/")
    assert len(response.context["programmes"]) == count


def test_home_paginates_programmes(client):
    ProgrammeFactory.create_batch(21)
    response = client.get("/")
    assertContains(response, 'rel="next" href="?page=2"')
    second = client.get("/?page=2")
    assert len(second.context["programmes"]) == 1
    assertContains(second, 'rel="prev" href="?page=1"')


def test_programme_page_shows_its_content(client, demo):
    ctair = Programme.objects.get(scheme__acronym="CTAIR")
    response = client.get(ctair.get_absolute_url())
    assertContains(
        response,
        "<h1>Contrat territorial d&#x27;accueil et d&#x27;intégration des "
        "réfugiés de Poitiers</h1>",
        html=True,
    )
    assertContains(response, "<td>200\u00a0000 € par an</td>", html=True)
    assertContains(response, "<td>200\u00a0000 €</td>", html=True)
    assertContains(response, "Ville de Poitiers")
    assertContains(response, "L’Astre en Moi")
    assertContains(
        response,
        "<strong>32</strong> associations d&#x27;aide aux migrants dont le dialogue "
        "avec la ville a abouti à la charte d&#x27;engagements (2020)",
    )
    assertContains(response, "Source : Entretien avec la maire de Poitiers")


def test_organisation_page_shows_programmes_and_no_contact_people(client, demo):
    dihal = Organisation.objects.get(acronym="Dihal")
    response = client.get(dihal.get_absolute_url())
    assertContains(response, "Plateforme nationale de logement des réfugiés")
    assertContains(response, "62ème atelier thématique de la Dihal")
    for personal in ("Daunis", "sandra.daunis@dihal.gouv.fr", "Viscontini"):
        assertNotContains(response, personal)


def test_no_public_page_shows_contact_people(client, demo):
    contact = ContactPersonFactory(organisation=Organisation.objects.get(name="Ville de Poitiers"))
    pages = ["/"] + [
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
    assertContains(response, "<dd>Station F, Paris</dd>", html=True)
    assertContains(response, "<dd>mercredi 16 mai 2018</dd>", html=True)
    assertContains(response, "Ateliers thématiques de la Dihal — édition n° 62")
    assertContains(
        response,
        "Présentation : Présentations diffusées lors de l&#x27;atelier (lien non communiqué)",
    )
    assertContains(response, "Table ronde")


def test_event_page_marks_cancelled_events(client):
    event = EventFactory(status="annule")
    assertContains(client.get(event.get_absolute_url()), "Cet événement est annulé.")


def test_draft_is_hidden_from_the_public_and_previewed_by_staff(client, admin_client):
    programme = ProgrammeFactory(publication_state=PublicationState.DRAFT)
    assert client.get(programme.get_absolute_url()).status_code == 404
    response = admin_client.get(programme.get_absolute_url())
    assertContains(response, "cette fiche est à l'état « Brouillon »")


def test_unpublished_partner_is_not_linked(client):
    partnership = ProgrammePartnerFactory(
        organisation__name="Structure en relecture",
        organisation__publication_state=PublicationState.DRAFT,
    )
    assertNotContains(
        client.get(partnership.programme.get_absolute_url()), "Structure en relecture"
    )


def test_old_address_redirects_to_the_current_one(client):
    programme = ProgrammeFactory(title="Intermédiation locative")
    old_url = programme.get_absolute_url()
    programme.title = "Intermédiation locative de l'APART"
    programme.save()
    assertRedirects(client.get(old_url), programme.get_absolute_url(), status_code=301)
    assert re.search(
        r"/programmes/\d+-intermediation-locative-de-lapart/$", programme.get_absolute_url()
    )


def test_scheme_page_lists_its_programmes(client, demo):
    programme = Programme.objects.get(scheme__acronym="PTFTM")
    response = client.get(programme.scheme.get_absolute_url())
    assertContains(response, "Plan de traitement des foyers de travailleurs migrants (PTFTM)")
    assertContains(response, "Résidence sociale « Koenigshoffen »")


def test_pages_are_french_whatever_the_browser_asks(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assertContains(response, '<html lang="fr"')
    assertContains(response, "Événements passés")


@pytest.mark.parametrize("count", [1, 3])
def test_programme_page_issues_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    programme = ProgrammeFactory()
    for _ in range(count):
        ProgrammePartnerFactory(programme=programme)
        programme.events.add(EventFactory())
        FigureFactory(programme=programme)
        FundingFactory(programme=programme)
    programme.themes.add(*ThemeFactory.create_batch(count))
    # 1 programme with scheme, territory and lead organisation; prefetches: 1 themes,
    # 1 audiences, 1 partnerships with organisations, 1 figures, 1 fundings with funders;
    # 1 related events with series and commune.
    with django_assert_num_queries(7):
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
    # 1 event with series, commune and territory; prefetches: themes, agenda items,
    # resources, organisers, programmes.
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert len(response.context["event"].agenda_items.all()) == count


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_issues_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    organisation = OrganisationFactory()
    for _ in range(count):
        ProgrammeFactory(lead_organisation=organisation)
        EventFactory().organisers.add(organisation)
        MembershipFactory(member=organisation)
    # 1 organisation with commune and territory; prefetches: themes, networks;
    # 1 programmes it leads or partners; 1 events it organises.
    with django_assert_num_queries(5):
        response = client.get(organisation.get_absolute_url())
    assert len(response.context["programmes"]) == count


def test_health_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sante/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
