import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import AgendaItem, Event, Resource
from partners.models import ContactPerson, Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    Membership,
    ContactPerson,
    Scheme,
    Programme,
    ProgrammePartner,
    Funding,
    Figure,
    Event,
    AgendaItem,
    Resource,
]


def snapshot():
    """Every row of the demo's tables, to compare two loads."""
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_load_demo_prints_counts(capsys):
    call_command("load_demo")
    assert capsys.readouterr().out.strip() == (
        "Données de démonstration chargées : 33 organisations, 10 dispositifs, 9 programmes, "
        "2 financements, 6 chiffres clés, 8 événements."
    )


def test_load_demo_is_idempotent():
    call_command("load_demo")
    first = snapshot()
    updated = {p.pk: p.updated_at for p in Programme.objects.all()}
    call_command("load_demo")
    assert snapshot() == first
    assert sum(len(pks) for pks in first.values()) > 100
    assert updated.keys() == {p.pk for p in Programme.objects.all()}


def test_demo_schemes_and_programmes_of_the_documents():
    call_command("load_demo")
    assert set(Scheme.objects.exclude(acronym="").values_list("acronym", flat=True)) == {
        "PTFTM",
        "PRIR",
        "CTAIR",
    }
    ptftm = Scheme.objects.get(acronym="PTFTM")
    assert ptftm.name == "Plan de traitement des foyers de travailleurs migrants"
    assert ptftm.pilot.acronym == "Cilpi"
    prir = Programme.objects.get(scheme__acronym="PRIR")
    assert prir.lead_organisation.name == "Forum réfugiés – Cosi"
    assert prir.territory.name == "Auvergne-Rhône-Alpes"
    remiv = Programme.objects.get(title__contains="REMIV")
    assert remiv.lead_organisation.acronym == "M3Q"
    assert set(remiv.partnerships.values_list("organisation__name", flat=True)) == {
        "Fondation de France",
        "Région Nouvelle-Aquitaine",
        "Direction départementale de l'emploi, du travail et des solidarités de la Vienne",
        "Ville de Poitiers",
        "Fédération des centres sociaux",
    }


def test_demo_poitiers_funding_and_figures():
    call_command("load_demo")
    ctair = Programme.objects.get(scheme__acronym="CTAIR")
    assert ctair.lead_organisation.name == "Ville de Poitiers"
    assert list(ctair.fundings.order_by("year").values_list("year", "amount", "status")) == [
        (2021, Decimal("200000.00"), "engage"),
        (2022, Decimal("200000.00"), "prevu"),
    ]
    figures = {str(figure) for figure in Figure.objects.all()}
    assert {
        "23 familles en logement temporaire",
        "116 personnes en bail glissant",
        "102 jeunes accueillis",
        "près de 6\u202f000 personnes relogées depuis 2015",
        "36 réfugiés sortis du CAO de Pessat-Villeneuve avant sa fermeture",
    } <= figures
    yearly = ctair.fundings.get(is_yearly=True)
    assert (yearly.kind, yearly.funder.name) == ("appel_a_projets", "Ville de Poitiers")
    poitiers = Organisation.objects.get(name="Ville de Poitiers")
    assert poitiers.memberships.get().network.acronym == "ANVITA"
    assert poitiers.memberships.get().since == 2020


def test_demo_events_with_dates_places_and_agendas():
    call_command("load_demo")
    strasbourg = Event.objects.get(series__name__contains="foyers", edition=2)
    assert strasbourg.commune.name == "Strasbourg"
    assert timezone.localtime(strasbourg.start).date() == dt.date(2019, 6, 7)
    assert timezone.localtime(strasbourg.end).date() == dt.date(2019, 6, 8)
    assert strasbourg.when == "du 7 au 8 juin 2019"
    assert list(
        strasbourg.agenda_items.filter(kind="table_ronde").values_list("title", flat=True)
    ) == [
        "La résidences sociale de demain : quel projet pour quel budget ?",
        "Nouveaux publics, nouvelles solidarités",
    ]
    assert strasbourg.agenda_items.filter(kind="visite").count() == 1
    assert strasbourg.agenda_items.first().title == "Ouverture des rencontres"

    dihal = Event.objects.get(edition=62)
    assert (dihal.venue, dihal.commune.name, dihal.when) == (
        "Station F",
        "Paris",
        "mercredi 16 mai 2018",
    )
    online = Event.objects.get(start__date=dt.date(2020, 7, 3))
    assert (online.participant_count, online.participant_count_is_approximate) == (50, True)
    tomblaine = Event.objects.get(commune__code="54526")
    assert tomblaine.when == "lundi 14 octobre 2019"
    quinzaine = Event.objects.get(title="Quinzaine régionale de l'intégration 2017")
    assert quinzaine.when == "du 9 au 20 octobre 2017"
    assert Event.objects.filter(venue="Préfecture du Puy-de-Dôme").get().when == (
        "mardi 10 octobre 2017"
    )


def test_demo_people_are_staff_only_contacts():
    call_command("load_demo")
    assert set(ContactPerson.objects.values_list("email", flat=True)) == {
        "sandra.daunis@dihal.gouv.fr",
        "alexandre.viscontini@developpement-durable.gouv.fr",
    }
    assert not Organisation.objects.exclude(email="").exists()
