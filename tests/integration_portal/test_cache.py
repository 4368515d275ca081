"""Anonymous pages kept in the cache, made stale by any committed change of public data."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from core.cache import data_version, public_tables
from partners.models import Organisation
from programmes.models import Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(transactional_db):
    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    load_territories(Territory)
    load_lists(Theme, Audience)
    return ProgrammeFactory(title="Programme d'origine")


def test_a_page_is_served_from_the_cache_until_public_data_changes(
    client, programme, django_assert_num_queries
):
    assert "Programme d&#x27;origine" in client.get("/programmes/").content.decode()
    with django_assert_num_queries(1):  # the data version only
        assert "Programme d&#x27;origine" in client.get("/programmes/").content.decode()
    Programme.objects.filter(pk=programme.pk).update(title="Programme renommé")
    assert "Programme renommé" in client.get("/programmes/").content.decode()


def test_bulk_writes_and_links_raise_the_version_once_per_transaction(programme):
    before = data_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partners_organisation SET description = 'x'")
    assert data_version() == before + 1
    programme.themes.add(*[theme.pk for theme in programme.themes.model.objects.all()[:2]])
    assert data_version() == before + 2
    from django.db import transaction

    with transaction.atomic():
        Organisation.objects.update(description="y")
        Programme.objects.update(summary="z")
    assert data_version() == before + 3


def test_every_public_table_has_the_trigger_and_staff_data_has_none(programme):
    tables = public_tables()
    assert {
        "programmes_programme",
        "programmes_programme_themes",
        "events_event_organisers",
    } <= set(tables)
    assert "partners_contactperson" not in tables and "partners_importrecord" not in tables
    assert "partners_organisationevent" not in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'portal_data_changed'"
        )
        assert {row[0] for row in cursor.fetchall()} == set(tables)


def rename_unseen(programme, title):
    """Rename the programme without raising the data version (its triggers off), so that a
    page kept in the cache still shows the old title."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            Programme.objects.filter(pk=programme.pk).update(title=title)
        finally:
            cursor.execute("SET session_replication_role = origin")


def test_staff_are_never_served_nor_stored(client, programme, django_user_model):
    visitor = Client()
    assert "Programme d&#x27;origine" in visitor.get("/programmes/").content.decode()
    rename_unseen(programme, "Vu par l'équipe")
    # The visitor is served the page kept; staff (a session cookie) the page made afresh…
    assert "Programme d&#x27;origine" in visitor.get("/programmes/").content.decode()
    staff = django_user_model.objects.create_user("relecteur", password="x", is_staff=True)
    client.force_login(staff)
    assert "Vu par l&#x27;équipe" in client.get("/programmes/").content.decode()
    # …which is not kept for visitors either.
    assert "Programme d&#x27;origine" in visitor.get("/programmes/").content.decode()


def test_an_import_raises_the_version(programme, tmp_path):
    before = data_version()
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Code postal\nAssociation nouvelle;86000\n", encoding="utf-8")
    call_command("import_organisations", str(path))
    assert data_version() == before + 1
