"""make backup / make restore: a dump restored into a fresh database holds every record and
every history row."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from core.admin.versions import event_model
from programmes.models import Programme
from tests import production

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def fresh_database():
    """An empty database on the test database's server, dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restore"
    server = production.database_url(connection).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_holds_every_row(tmp_path, fresh_database, capsys):
    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    load_territories(Territory)
    load_lists(Theme, Audience)
    call_command("load_demo")
    archive = tmp_path / "portail.dump"

    call_command("backup", output=str(archive))
    assert f"Sauvegarde écrite : {archive} (" in capsys.readouterr().out
    call_command("restore", str(archive), database_url=fresh_database, interactive=False)

    with connection.cursor() as cursor:
        before = row_counts(cursor)
    with psycopg.connect(fresh_database) as restored:
        after = row_counts(restored.cursor())
        titles = restored.execute("SELECT title FROM programmes_programme ORDER BY id").fetchall()
    assert after == before
    assert before["programmes_programme"] == 9 and before["partners_organisation"] == 33
    history = event_model(Programme)._meta.db_table  # django-pghistory's rows
    assert before[history] >= 9
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM programmes_programme ORDER BY id")
        assert titles == cursor.fetchall()
