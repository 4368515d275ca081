"""Anonymous public pages served from the cache, invalidated by the database itself.

Every transaction that writes to a public table (records, their links, reference lists), by
the admin, an import's COPY or raw SQL alike, raises ``DataVersion.version`` when it commits:
a deferred constraint trigger on each table runs once per transaction at commit time, so a
reader who sees the new number also sees the committed data. Cached pages are keyed by that
number, the day (what is "upcoming" changes at midnight) and their full address (the
language is part of it): a change makes every older page unreachable at once, on every
server, without a list of what depends on what. Lists keep their facet counts the same way
(``reference.listing``), under ``request.data_version``.

Staff (any request carrying a session cookie), non-GET requests, the admin and answers that
set cookies or ask not to be cached are never served from nor stored in the cache.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

# Models whose changes never show on public pages.
PRIVATE_MODELS = {"partners.ImportRecord", "partners.ContactPerson"}
PUBLIC_APPS = ["reference", "partners", "programmes", "events"]
TABLE = "integration_portal_dataversion"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION portal_data_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.data_changed', true) IS DISTINCT FROM 'yes' THEN
        UPDATE {TABLE} SET version = version + 1 WHERE id = 1;
        PERFORM set_config('portal.data_changed', 'yes', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def public_tables() -> list[str]:
    """The tables of public data: records, their links (many-to-many tables included) and
    reference lists, without history tables and staff-only data."""
    from pghistory.models import Event

    tables = []
    for app in PUBLIC_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model._meta.label in PRIVATE_MODELS or issubclass(model, Event):
                continue
            tables.append(model._meta.db_table)
    return sorted(tables)


def install_triggers(using="default", **kwargs):
    """(Re)create the version row, the function and one trigger per public table; run after
    every ``migrate``, so that new tables are covered."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING")
        cursor.execute(FUNCTION_SQL)
        for table in public_tables():
            cursor.execute(f'DROP TRIGGER IF EXISTS portal_data_changed ON "{table}"')
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER portal_data_changed AFTER INSERT OR UPDATE OR DELETE "
                f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                f"EXECUTE FUNCTION portal_data_changed()"
            )
            cursor.execute(f'DROP TRIGGER IF EXISTS portal_data_truncated ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER portal_data_truncated AFTER TRUNCATE ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION portal_data_changed()"
            )


def data_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def current_state() -> str:
    """The data version and the day: what a cached page or count depends on."""
    return f"{data_version()}:{timezone.localdate().isoformat()}"


class AnonymousPageCache:
    """Middleware: serve anonymous GET pages from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable(request):
            return self.get_response(request)
        request.data_version = current_state()
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{request.data_version}:{digest}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self.storable(response):
            cache.set(
                key,
                (response.status_code, list(response.items()), response.content),
                settings.PAGE_CACHE_SECONDS,
            )
        return response

    @staticmethod
    def cacheable(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)
        )

    @staticmethod
    def storable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {
            directive.strip().split("=")[0].lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & {"private", "no-cache", "no-store"}
