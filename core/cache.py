"""Anonymous public pages served from the cache, invalidated by the database itself.

Every transaction that writes to a public table (records, their links, reference lists), by
the admin, an import's COPY or raw SQL alike, raises ``DataVersion.version`` when it commits.
A statement-level trigger on each table marks the transaction once (a row in a small table
and a transaction-local setting, both undone with the statement if it is rolled back); the
mark's deferred constraint trigger raises the version at commit time, once per transaction,
so that a reader who sees the new number also sees the committed data, and a bulk write of
a million rows costs one statement-level call per statement, not a call per row. Cached
pages are keyed by that number and the day (what is "upcoming" changes at midnight): a change
makes every older page unreachable at once, on every server, without a list of what depends
on what. Lists keep their facet counts the same way (``core.listing``), under
``request.data_version``.

A page's key holds, besides, the scheme, the host (among ``ALLOWED_HOSTS``), the path (the
language is part of it) and the query parameters the view declares it reads
(``reads_parameters``), sorted, without empty values: ``?utm_source=…`` or the order of
parameters makes no new page, and the page's own addresses (canonical, other language) are
built from the same parameters (``page_query``). An answer that varies on request headers
(``Vary: Accept`` of the API and of its schema) is kept once per value of those headers, as
Django's cache middleware does. Pages are kept compressed, a page larger than
``PAGE_CACHE_MAX_PAGE_BYTES`` is not kept, and the process's cache holds at most
``PAGE_CACHE_MAX_BYTES`` (``MemoryCache``, least recently used first out): however many
addresses visitors make up, a worker's memory stays bounded.

Staff (any request carrying a session cookie), non-GET requests, the admin, answers that set
cookies or ask not to be cached, and pages holding a CSP nonce are never served from nor
stored in the cache.
"""

import hashlib
import math
import pickle
import threading
import time
import zlib
from urllib.parse import urlencode

import cachetools
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connection, connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from core.parameters import page_query

# Models whose changes never show on public pages.
TABLE = "core_dataversion"
MARKS = "core_datachange"
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
    reference lists, without history tables and staff-only data. Each app says whether it
    holds public data (its config's ``public_data``) and which of its models are staff-only
    (``staff_only_models``)."""
    from pghistory.models import Event

    tables = []
    for config in apps.get_app_configs():
        if not getattr(config, "public_data", False):
            continue
        private = set(getattr(config, "staff_only_models", ()))
        for model in config.get_models(include_auto_created=True):
            if model._meta.model_name in private or issubclass(model, Event):
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
        page = page_key(request)
        vary = cache.get(f"vary:{page}")
        if vary is not None:
            stored = cache.get(variant_key(page, vary, request))
            if stored is not None:
                return thaw(stored)
        response = self.get_response(request)
        if self.storable(request, response):
            vary = vary_headers(response)
            cache.set(f"vary:{page}", vary, settings.PAGE_CACHE_SECONDS)
            cache.set(
                variant_key(page, vary, request), freeze(response), settings.PAGE_CACHE_SECONDS
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
    def storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # A page holding this request's CSP nonce would hold it for every later visitor.
        if getattr(request, "_csp_nonce", None):
            return False
        if len(response.content) > settings.PAGE_CACHE_MAX_PAGE_BYTES:
            return False
        directives = {
            directive.strip().split("=")[0].lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & {"private", "no-cache", "no-store"}


# Keys: what a page reads of its request.

# Request headers a page's Vary may name that never change it: the language comes from the
# address, and requests with a session cookie are never cached.
IGNORED_VARY = {"accept-language", "cookie"}


def page_key(request) -> str:
    """The data version, the scheme, the host and the page's address."""
    address = "|".join(
        [request.scheme, request.get_host(), request.path, urlencode(page_query(request))]
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{request.data_version}:{digest}"


def vary_headers(response) -> tuple[str, ...]:
    names = {name.strip().lower() for name in cc_delim_re.split(response.get("Vary", ""))}
    return tuple(sorted(names - IGNORED_VARY - {""}))


def variant_key(page: str, vary: tuple[str, ...], request) -> str:
    """A page's key with the request's values of the headers its answer varies on (the API
    as JSON or as its browsable HTML page, the schema as YAML or JSON)."""
    values = "|".join(request.headers.get(name, "").strip() for name in vary)
    return f"page:{page}:{hashlib.sha256(values.encode()).hexdigest()}"


def freeze(response) -> tuple:
    """What is kept of an answer: status, headers, compressed content, and the CSP
    decorators' marks (``csp.decorators``), read when the header is written."""
    marks = {name: value for name, value in vars(response).items() if name.startswith("_csp_")}
    return response.status_code, list(response.items()), zlib.compress(response.content), marks


def thaw(stored: tuple) -> HttpResponse:
    status, headers, content, marks = stored
    response = HttpResponse(zlib.decompress(content), status=status)
    for name, value in headers:
        response[name] = value
    for name, value in marks.items():
        setattr(response, name, value)
    return response


class MemoryCache(BaseCache):
    """A cache in the process's memory bounded by bytes, not entries: the least recently used
    go first once ``OPTIONS["MAX_BYTES"]`` are held (cachetools). A value larger than that
    is not kept. Like Django's local-memory cache, values are pickled."""

    def __init__(self, name, params):
        super().__init__(params)
        max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 32_000_000))
        if name not in _STORES:
            _STORES[name] = (
                cachetools.TLRUCache(
                    maxsize=max_bytes,
                    ttu=lambda key, value, now: value[0],
                    timer=time.time,
                    getsizeof=lambda value: len(value[1]),
                ),
                threading.Lock(),
            )
        self._store, self._lock = _STORES[name]

    @property
    def stored_bytes(self) -> int:
        with self._lock:
            self._store.expire()
            return self._store.currsize

    def _expiry(self, timeout) -> float:
        expiry = self.get_backend_timeout(timeout)
        return math.inf if expiry is None else expiry

    def _put(self, key, value, timeout) -> bool:
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(pickled) > self._store.maxsize:
            self._store.pop(key, None)
            return False
        self._store[key] = (self._expiry(timeout), pickled)
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if key in self._store:
                return False
            return self._put(key, value, timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            stored = self._store.get(key)
        return default if stored is None else pickle.loads(stored[1])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._put(key, value, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            stored = self._store.get(key)
            if stored is None:
                return False
            self._store[key] = (self._expiry(timeout), stored[1])
            return True

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            stored = self._store.get(key)
            if stored is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(stored[1]) + delta
            self._store[key] = (stored[0], pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return value

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            return self._store.pop(key, None) is not None

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            return key in self._store

    def clear(self):
        with self._lock:
            self._store.clear()


_STORES: dict[str, tuple] = {}
