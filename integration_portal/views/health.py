"""For load balancers and monitoring: ``/healthz`` (the process answers; no database) and
``/readyz`` (the database answers and every migration is applied: 200, otherwise 503)."""

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

_known_migrations: set[tuple[str, str]] = set()


def plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    return plain("ok")


@never_cache
def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:
        return plain("base de données injoignable", status=503)
    missing = migrations_on_disk() - applied
    if missing:
        return plain(f"migrations non appliquées : {len(missing)}", status=503)
    return plain("ok")


def migrations_on_disk() -> set[tuple[str, str]]:
    """The migrations the code holds (read once per process)."""
    if not _known_migrations:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _known_migrations.update(loader.disk_migrations)
    return _known_migrations
