import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pghistory.models import Context

from events.models import AgendaItem, Event, Resource
from partners.models import ContactPerson, Membership, Organisation, OrganisationEvent
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
    """Every value of every row of the demo's tables, timestamps included, and the history."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["history"] = list(OrganisationEvent.objects.order_by("pk").values())
    rows["history contexts"] = list(Context.objects.order_by("pk").values())
    return rows


def test_load_demo_prints_counts_and_what_it_wrote(capsys):
    call_command("load_demo")
    counts = (
        "Données de démonstration : 33 organisations, 10 dispositifs, 9 programmes, "
        "2 financements, 6 chiffres clés, 8 événements ; "
    )
    first = capsys.readouterr().out.strip()
    assert first.startswith(counts)
    assert first.endswith(" écritures.")
    call_command("load_demo")
    assert capsys.readouterr().out.strip() == counts + "rien n'a changé."


def test_a_second_load_writes_nothing_no_history_no_timestamp():
    call_command("load_demo")
    first = snapshot()
    assert len(first["history"]) == 33  # one insert event per organisation
    assert sum(len(rows) for rows in first.values()) > 100
    call_command("load_demo")
    assert snapshot() == first


def test_a_changed_record_is_written_back_and_only_it():
    call_command("load_demo")
    adoma = Organisation.objects.get(name="Adoma")
    Organisation.objects.filter(pk=adoma.pk).update(description="Autre texte")
    Programme.objects.filter(title__contains="REMIV").get().themes.clear()
    before = snapshot()
    call_command("load_demo")
    after = snapshot()
    assert Organisation.objects.get(pk=adoma.pk).description.startswith("Gestionnaire")
    assert len(after["history"]) == len(before["history"]) + 1
    assert after["history"][-1]["pgh_label"] == "update"
    assert after["history"][-1]["name"] == "Adoma"
    assert Programme.objects.get(title__contains="REMIV").themes.count() == 3
    changed = {
        model: [row["id"] for row in rows if row not in before[model]]
        for model, rows in after.items()
        if model in {"Organisation", "Programme"}
    }
    assert changed == {"Organisation": [adoma.pk], "Programme": []}


def test_load_demo_refuses_another_database_unless_forced(settings, capsys):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="que dans la base locale de développement"):
        call_command("load_demo")
    assert not Organisation.objects.exists()
    call_command("load_demo", "--force")
    assert Organisation.objects.count() == 33


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
