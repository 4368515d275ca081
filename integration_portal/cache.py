"""Anonymous public pages served from the cache, invalidated by the database itself.

Every transaction that writes to a public table (records, their links, reference lists), by
the admin, an import's COPY or raw SQL alike, raises ``DataVersion.version`` when it commits.
A statement-level trigger on each table marks the transaction once (a row in a small table
and a transaction-local setting, both undone with the statement if it is rolled back); the
mark's deferred constraint trigger raises the version at commit time, once per transaction,
so that a reader who sees the new number also sees the committed data, and a bulk write of
a million rows costs one statement-level call per statement, not a call per row. Cached
pages are keyed by that number, the day (what is "upcoming" changes at midnight) and their
full address (the language is part of it), and under /api/ the ``Accept`` header too (the
API answers JSON or its browsable HTML page, its schema YAML or JSON, after it): a change
makes every older page unreachable at once, on every server, without a list of what depends
on what. Lists keep their facet
counts the same way (``reference.listing``), under ``request.data_version``.

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

MARKS = "integration_portal_datachange"
FUNCTIONS_SQL = f"""
CREATE TABLE IF NOT EXISTS {MARKS} (id bigserial PRIMARY KEY);

CREATE OR REPLACE FUNCTION portal_data_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.data_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('portal.data_changed', 'yes', true);
        INSERT INTO {MARKS} DEFAULT VALUES;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION portal_raise_data_version() RETURNS trigger AS $$
BEGIN
    UPDATE {TABLE} SET version = version + 1 WHERE id = 1;
    DELETE FROM {MARKS} WHERE id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS portal_raise_data_version ON {MARKS};
CREATE CONSTRAINT TRIGGER portal_raise_data_version AFTER INSERT ON {MARKS}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portal_raise_data_version();
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
    """(Re)create the version row, the functions and one trigger per public table; run after
    every ``migrate`` (and every flush of the tests), so that new tables are covered."""
    with connections[using].cursor() as cursor:
        cursor.execute(FUNCTIONS_SQL)
        cursor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING")
        for table in public_tables():
            cursor.execute(f'DROP TRIGGER IF EXISTS portal_data_changed ON "{table}"')
            cursor.execute(
                f"CREATE TRIGGER portal_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION portal_data_changed()'
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
        variant = request.get_full_path()
        if request.path_info.startswith(settings.PAGE_CACHE_BY_ACCEPT_PATHS):
            variant += "\n" + request.headers.get("Accept", "")
        digest = hashlib.sha256(variant.encode()).hexdigest()
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
