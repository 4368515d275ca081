"""generate_scale_data: an empty database filled with generated records (small sizes here;
the default national size is measured by make bench-web)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import NOT_PROVIDED, Count, Max, Min
from stdnum.fr import siret

from events.enums import DatePrecision, EventStatus
from events.models import AgendaItem, Event, EventSeries, Resource
from integration_portal import scale
from integration_portal.scale import events, organisations, programmes
from partners.enums import OrganisationKind
from partners.models import Membership, Organisation
from programmes.enums import FundingStatus, PartnerRole, ProgrammeStatus
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.enums import TerritoryLevel
from reference.models import Territory
from reference.territorial import TerritoryCodes

SIZES = scale.Sizes(organisations=300, programmes=40, events=200)
TODAY = dt.date(2026, 3, 16)
SAMPLE = 10  # records of each kind checked with full_clean()


@pytest.fixture
def generated(db):
    return scale.generate(SIZES, seed=7, today=TODAY)


def departments_of(queryset, field="commune"):
    """The departments of the records' communes."""
    return set(queryset.values_list(f"{field}__parent__code", flat=True).distinct()) - {None}


def test_the_command_writes_the_sizes_asked(db, capsys):
    call_command(
        "generate_scale_data", "--organisations", "300", "--programmes", "40", "--events", "200"
    )
    assert (Organisation.objects.count(), Programme.objects.count(), Event.objects.count()) == (
        300,
        40,
        200,
    )
    assert Scheme.objects.count() == 30
    out = capsys.readouterr().out
    assert "300 structures, " in out and "200 événements, " in out


def test_every_department_holds_records(generated):
    all_departments = set(Territory.objects.departments().values_list("code", flat=True))
    assert len(all_departments) == 101
    assert departments_of(Organisation.objects.all()) == all_departments
    # Events online have no commune; each department still has one in person or online.
    in_person = departments_of(Event.objects.exclude(commune=None))
    assert len(in_person) > 70
    assert {"971", "972", "973", "974", "976", "2A", "2B"} <= departments_of(
        Organisation.objects.all()
    )
    levels = set(Programme.objects.values_list("territory__level", flat=True))
    assert levels == set(TerritoryLevel)


def test_postcodes_are_those_of_the_commune(generated):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM partners_organisation o "
            "JOIN reference_territory c ON c.id = o.commune_id "
            "WHERE NOT o.postcode = ANY(c.postcodes)"
        )
        assert cursor.fetchone() == (0,)
    located = Organisation.objects.exclude(commune=None)
    assert located.count() > 280
    assert not Organisation.objects.filter(commune=None).exclude(postcode="").exists()
    assert set(located.values_list("commune__level", flat=True)) == {TerritoryLevel.COMMUNE}


def test_identifiers_are_unique_and_valid(generated):
    rnas = list(Organisation.objects.exclude(rna="").values_list("rna", flat=True))
    sirets = list(Organisation.objects.exclude(siret="").values_list("siret", flat=True))
    assert len(rnas) > 100 and len(set(rnas)) == len(rnas)
    assert len(sirets) > 100 and len(set(sirets)) == len(sirets)
    assert all(siret.is_valid(number) for number in sirets)
    both = Organisation.objects.exclude(siren="").exclude(siret="")
    assert all(s.startswith(n) for n, s in both.values_list("siren", "siret"))
    assert Organisation.objects.filter(siret="").exclude(siren="").count() == 0


VALIDATED = [Organisation, Membership, Scheme, Programme, ProgrammePartner, Funding, Figure]
VALIDATED += [EventSeries, Event, AgendaItem, Resource]


@pytest.mark.parametrize("model", VALIDATED, ids=lambda model: model.__name__)
def test_a_sample_passes_the_models_validation(generated, model):
    sample = list(model.objects.order_by("?")[:SAMPLE])
    assert sample
    for record in sample:
        record.full_clean()


def test_organisations_have_kinds_networks_and_publication_states(generated):
    kinds = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")))
    assert set(kinds) == set(OrganisationKind)
    assert kinds[OrganisationKind.NETWORK] == 3
    assert kinds[OrganisationKind.ASSOCIATION] > 150
    memberships = Membership.objects.all()
    assert memberships.count() > 20
    assert set(memberships.values_list("network__kind", flat=True)) == {OrganisationKind.NETWORK}
    states = dict(Organisation.objects.values_list("publication_state").annotate(n=Count("id")))
    assert states["publie"] > 0.75 * 300 and states["brouillon"] > 0 and states["archive"] > 0
    assert Organisation.objects.filter(name__contains="é").count() > 100


def test_programmes_have_partners_fundings_and_consistent_dates(generated):
    assert not Programme.objects.filter(lead_organisation=None).exists()
    roles = set(ProgrammePartner.objects.values_list("role", flat=True))
    assert roles == set(PartnerRole)
    fundings = Funding.objects.filter(programme__isnull=False)
    assert fundings.values("year").distinct().count() >= 4
    assert set(fundings.values_list("status", flat=True)) == set(FundingStatus)
    assert Figure.objects.count() > 20
    planned = Programme.objects.filter(status=ProgrammeStatus.PLANNED)
    assert planned.exists() and not planned.filter(start_date__lte=TODAY).exists()
    finished = Programme.objects.filter(status=ProgrammeStatus.FINISHED)
    assert finished.exists() and not finished.filter(end_date__gt=TODAY).exists()
    assert Programme.objects.filter(title__contains="réfugiés").exists()


def test_events_online_in_person_in_series_over_seven_years(generated):
    online = Event.objects.exclude(online_url="")
    assert online.exists()
    assert not online.exclude(venue="", address="", commune=None).exists()
    assert not Event.objects.filter(online_url="", commune=None).exists()
    assert set(Event.objects.values_list("date_precision", flat=True)) == set(DatePrecision)
    assert set(Event.objects.values_list("status", flat=True)) == set(EventStatus)
    span = Event.objects.aggregate(first=Min("start"), last=Max("start"))
    assert span["first"].date() < TODAY - dt.timedelta(days=3 * 365)
    assert span["last"].date() > TODAY + dt.timedelta(days=365)
    for series in EventSeries.objects.annotate(n=Count("events")).filter(n__gt=0):
        editions = list(series.events.order_by("start", "id").values_list("edition", flat=True))
        assert editions == list(range(1, len(editions) + 1)), series.name
    assert Event.objects.exclude(series=None).count() > 20
    per_event = Event.objects.annotate(n=Count("agenda_items")).values_list("n", flat=True)
    assert max(per_event) <= 6 and min(per_event) == 0
    assert Event.objects.annotate(n=Count("organisers")).filter(n=0).count() == 0


def fingerprint() -> list[str]:
    """A digest of each table's generated values, in id order (ids excluded where the
    database numbers them)."""
    queries = [
        "SELECT md5(string_agg(concat_ws('|', id, name, rna, siret, postcode, commune_id, "
        "territory_id, publication_state, created_at), '#' ORDER BY id)) "
        "FROM partners_organisation",
        "SELECT md5(string_agg(concat_ws('|', id, title, lead_organisation_id, territory_id, "
        "start_date, end_date, summary), '#' ORDER BY id)) FROM programmes_programme",
        "SELECT md5(string_agg(concat_ws('|', programme_id, funder_id, amount, year, status), "
        "'#' ORDER BY id)) FROM programmes_funding",
        "SELECT md5(string_agg(concat_ws('|', id, title, start, \"end\", commune_id, "
        "online_url), '#' ORDER BY id)) FROM events_event",
        "SELECT md5(string_agg(concat_ws('|', event_id, title, date, start_time), '#' "
        "ORDER BY id)) FROM events_agendaitem",
    ]
    with connection.cursor() as cursor:
        digests = []
        for query in queries:
            cursor.execute(query)
            digests.append(cursor.fetchone()[0])
        return digests


def empty_the_tables():
    tables = ", ".join(model._meta.db_table for model in scale.WRITTEN)
    with connection.cursor() as cursor:
        # Runs the deferred foreign key checks first: TRUNCATE refuses to leave them pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def test_the_same_seed_gives_the_same_data(db):
    scale.generate(SIZES, seed=7, today=TODAY)
    first = fingerprint()
    empty_the_tables()
    scale.generate(SIZES, seed=7, today=TODAY)
    assert fingerprint() == first
    empty_the_tables()
    scale.generate(SIZES, seed=8, today=TODAY)
    assert not set(fingerprint()) & set(first)


def test_a_database_with_records_is_refused_and_left_alone(db):
    Organisation.objects.create(name="Forum réfugiés – Cosi")
    with pytest.raises(CommandError) as refusal:
        call_command("generate_scale_data", "--organisations", "300")
    assert refusal.value.returncode == 2
    assert str(refusal.value) == (
        "La base contient déjà des données (1 structure) : generate_scale_data ne remplit "
        "qu'une base vide, où seules les migrations ont été appliquées."
    )
    assert Organisation.objects.count() == 1
    assert not Programme.objects.exists() and not Scheme.objects.exists()


def test_sizes_below_the_minimum_are_refused(db):
    with pytest.raises(CommandError, match="--organisations"):
        call_command("generate_scale_data", "--organisations", "5")


WRITTEN_FIELDS = {
    Organisation: organisations.FIELDS,
    Scheme: programmes.SCHEME_FIELDS,
    Programme: programmes.FIELDS,
    Funding: programmes.FUNDING_FIELDS,
    Figure: programmes.FIGURE_FIELDS,
    EventSeries: events.SERIES_FIELDS,
    Event: events.FIELDS,
    AgendaItem: events.AGENDA_FIELDS,
    Resource: events.RESOURCE_FIELDS,
}


@pytest.mark.parametrize("model", WRITTEN_FIELDS, ids=lambda model: model.__name__)
def test_every_required_column_is_written(model):
    """A column added later without a default would make COPY fail: name it here first.
    Generated columns and those filled by triggers are left to PostgreSQL."""
    filled_by_triggers = {field.name for field in TerritoryCodes._meta.fields}
    required = {
        field.name
        for field in model._meta.concrete_fields
        if not (field.null or field.primary_key or field.generated)
        and field.db_default is NOT_PROVIDED
        and field.name not in filled_by_triggers
    }
    assert required <= set(WRITTEN_FIELDS[model])
