"""What every setting module of the portal shares (production, development, test).

Settings come from environment variables (README, "Configuration"); a malformed value stops
the start-up with a message naming the variable. ``production`` requires its secrets and
its database; ``development`` (the default of ``manage.py``) and ``test`` fall back to the
project-local PostgreSQL.
"""

import datetime as dt
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false, pas {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, pas {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_addresses(name: str) -> list[tuple[str, str]]:
    """People as « Name <address> », comma-separated: ``[(name, address), …]``."""
    people = getaddresses([os.environ.get(name, "")])
    for _name, address in people:
        if "@" not in address:
            raise ImproperlyConfigured(
                f"{name} doit lister des adresses « Nom <adresse@exemple.fr> » séparées par "
                f"des virgules, pas {os.environ[name]!r}."
            )
    return [(person_name, address) for person_name, address in people if address]


def database(url: str) -> dict:
    """Django's database settings for a ``postgresql://`` URL, with psycopg 3's pool."""
    try:
        settings = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL n'est pas une adresse valide : {error}") from None
    if settings["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL doit désigner une base PostgreSQL (postgresql://…)."
        )
    options = settings.setdefault("OPTIONS", {})
    # A database that does not answer fails the page within seconds (answered 503 with the
    # error page, integration_portal.views.errors), instead of hanging every request.
    options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
    # psycopg 3's connection pool, built into Django's backend (connections are then not
    # persistent).
    if env_bool("DATABASE_POOL", True):
        options["pool"] = {
            "min_size": 1,
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            # Longest a request waits for a connection before its 503.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 3),
            # While the database is away, the pool tries again after 1 s, then 2 s, and
            # gives up after this long; the next request starts a new attempt at once, so
            # that pages come back within seconds of the database's return.
            "reconnect_timeout": env_int("DATABASE_POOL_RECONNECT_TIMEOUT", 5),
        }
        settings["CONN_MAX_AGE"] = 0
    # A pooled connection is checked before each use: those broken by a restart of the
    # database are replaced instead of failing a page.
    settings["CONN_HEALTH_CHECKS"] = True
    return settings


DEBUG = False
# Loading the demo data and its admin account: only into a throwaway database.
DEMO_ALLOWED = False
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Django's CSRF refusal, in the site's design.
CSRF_FAILURE_VIEW = "integration_portal.views.errors.csrf_failure"
# The number of proxies in front of the portal (load balancer, reverse proxy…), each adding the
# address it saw to X-Forwarded-For and setting X-Forwarded-Proto: the client's address is
# the one the outermost saw (staff.security.client_address). 0: none, the connection's own.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXIES", 0)
BEHIND_PROXY = TRUSTED_PROXY_COUNT > 0

INSTALLED_APPS = [
    "backoffice.admin_config.PortalAdminConfig",  # Django's admin, the dashboard as its home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "widget_tweaks",
    "dsfr",
    "pgtrigger",
    "pghistory",
    "axes",
    "csp",
    # Two-factor authentication of staff: authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background jobs in PostgreSQL (README, « Background jobs »): the queue's tables, its
    # admin pages and the ``procrastinate`` command, which runs the worker.
    "procrastinate.contrib.django",
    # The portal, bottom layer first: the shared machinery, then reference data.
    "core",
    "reference",
    "staff",
    "partners",
    "programmes",
    "events",
    "integration_portal",
    # The back office's dashboard and correction reports, above every layer.
    "backoffice",
]

# Staff accounts: a custom user model carrying the territorial scope (README, « Le modèle
# d'utilisateur »).
AUTH_USER_MODEL = "staff.User"
# django-axes first: it refuses a locked-out user name and address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    # One log line per request, with its identifier and duration (integration_portal.logs).
    "integration_portal.logs.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    # Static files, before any other work (whitenoise; README, « Déployer »).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers of every answer, cached pages and error pages included (below).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # An address holding a control character is refused (400) before any work.
    "integration_portal.middleware.RefuseControlCharacters",
    # Anonymous public pages from the cache, before any other work (core.cache).
    "core.cache.AnonymousPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address: French at /…, English at /en/… (i18n_patterns).
    "django.middleware.locale.LocaleMiddleware",
    # …and the admin's from the browser's language (staff.middleware).
    "staff.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session passed a second factor (django-otp); without it, staff are anonymous
    # outside the admin, which asks for it itself (staff.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "staff.two_factor.UnverifiedStaffAsAnonymous",
    # The admin names a record only to staff who may see it (core.visibility).
    "core.visibility.ViewerMiddleware",
    # Attaches the user and the address to the history of every change a request makes.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login with the cool-off message (django-axes); last, as it asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integration_portal.urls"
WSGI_APPLICATION = "integration_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integration_portal.context_processors.portal",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, staff.security): failures are counted for a user name from an
# address, for an address (whatever the names tried) and for a user name (from any address),
# each against its limit; past it, that pair, address or name is refused for the cool-off.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_HANDLER = "staff.security.PortalAxesHandler"
# A successful login forgets its own user name and address's failures only.
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Failed attempts only (they expire with the cool-off), no log of successful logins.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "staff.security.client_address"
AXES_LOCKOUT_CALLABLE = "staff.security.locked_out"
# Staff need a second factor (an authenticator app's code, or a recovery code) to use the
# admin: on in production, off by default in development and tests (staff.two_factor).
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "Portail de l'intégration"
# Staff sessions end after this long without a request (each request starts the delay again),
# and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# French is the interface's source language, English its first translation (locale/).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats of each language, with the portal's own named formats.
FORMAT_MODULE_PATH = ["integration_portal.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Static files are served by the application (whitenoise): collected with a hash of their
# content in their names and compressed copies (``collectstatic``), so that browsers may keep
# them for good. Development and tests read them where they are (settings.development).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from the portal
# itself only, no inline script or style but those given this request's nonce (Swagger UI's
# script, the browsable API's styles); no page may be framed but the embeddable agenda
# (events.views.event_embed); forms post to the portal only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: no page uses the camera, the microphone, the position… (none may).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# No address of the portal is sent to other sites when a visitor follows a link.
SECURE_REFERRER_POLICY = "same-origin"

# Our content comes from editors and imports: django-dsfr must escape it.
DSFR_CONTENT_IS_SAFE = False
# The DSFR's files are served by the portal itself, and ``collectstatic`` rewrites the
# addresses inside its style sheets (hashed names), which changes the checksums django-dsfr
# would put in ``integrity`` attributes: browsers would then refuse the styles.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# Only staff members holding the dedicated permissions may import or export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# Characters XLSX cannot hold are replaced in exports instead of failing them.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

PORTAL_NAME = _("Portail de l'intégration")
# The domain in the stable identifiers of calendar events (UID: evenement-12@<domain>).
PORTAL_UID_DOMAIN = os.environ.get("PORTAL_UID_DOMAIN", "portail-integration.fr")
# The portal's address, for links in e-mails written outside a request (daily digests).
PORTAL_SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The read-only API (integration_portal/api.py): JSON and browsable pages, the lists'
# filters, cursor pagination; its OpenAPI schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # No ?format= switch: the answer's format follows the Accept header, and ``format`` is
    # the events' filter (en-ligne, sur-place), as on the pages and downloads.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests to the API's lists per address and process (integration_portal.api).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail de l'intégration",
    "DESCRIPTION": (
        "Données publiées du portail, en lecture seule : programmes, dispositifs, structures, "
        "événements et territoires, avec les filtres des listes du site. Licence Ouverte / "
        "Open Licence 2.0 (Etalab). Aucune donnée personnelle."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "integration_portal.api.parameter_rules",
    ],
}

# Each process keeps its own pages, in at most PAGE_CACHE_MAX_BYTES of memory (compressed);
# the data version in their keys keeps them right. Downloads of moderate size are kept on
# disk, shared by the processes of a server.
CACHES = {
    "default": {
        "BACKEND": "core.cache.MemoryCache",
        "OPTIONS": {"MAX_BYTES": env_int("PAGE_CACHE_MAX_BYTES", 32_000_000)},
    },
    "downloads": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(os.environ.get("DOWNLOAD_CACHE_DIR", BASE_DIR / ".cache" / "downloads")),
        "OPTIONS": {"MAX_ENTRIES": env_int("DOWNLOAD_CACHE_MAX_ENTRIES", 200)},
    },
}
# A page larger than this (before compression) is not kept.
PAGE_CACHE_MAX_PAGE_BYTES = env_int("PAGE_CACHE_MAX_PAGE_BYTES", 256_000)
DOWNLOAD_CACHE_MAX_BYTES = env_int("DOWNLOAD_CACHE_MAX_BYTES", 10_000_000)
# Downloads streamed at once to one address (core.streams): more are answered 429.
DOWNLOAD_STREAMS_PER_ADDRESS = env_int("DOWNLOAD_STREAMS_PER_ADDRESS", 3)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/sante/", "/healthz", "/readyz")

# E-mail, to tell editors of new correction reports: through the SMTP server of
# DJANGO_EMAIL_HOST; without one, none is sent (the reports wait in the admin all the same).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "portail-integration@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)

# Where `manage.py backup` (make backup) writes its files.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# Largest organisation list an import accepts, in bytes.
ORGANISATION_IMPORT_MAX_BYTES = env_int("ORGANISATION_IMPORT_MAX_BYTES", 50_000_000)


def logging_settings(log_format: str) -> dict:
    """The log on standard output, as text or as one JSON object per line (``json``: time,
    level, logger, message, the request log's fields, and the traceback of errors)."""
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured(
            f"DJANGO_LOG_FORMAT doit valoir json ou text, pas {log_format!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "message"],
                "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "traceback"},
                "timestamp": "time",
            },
            "text": {"format": "%(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        "loggers": {
            "pgserver": {"level": "WARNING"},
            # The job queue's set-up, told at every start of every command: only its problems.
            "procrastinate.periodic": {"level": "WARNING"},
            "procrastinate.blueprints": {"level": "WARNING"},
        },
    }


LOGGING = logging_settings(os.environ.get("DJANGO_LOG_FORMAT", "text"))

# Errors are e-mailed to ADMINS (with an SMTP server) and, with SENTRY_DSN, sent to Sentry.
ADMINS = env_addresses("DJANGO_ADMINS")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        # No personal data (addresses, cookies, users) leaves the portal.
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
