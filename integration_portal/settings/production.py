"""Production: nothing is assumed. The start-up stops, naming the variable, without a strong
secret key, the allowed host names or the database's address (never the development server).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from integration_portal.settings.base import *  # noqa: F403
from integration_portal.settings.base import (
    BEHIND_PROXY,
    database,
    env_bool,
    env_int,
    env_list,
    logging_settings,
)

# Keys known to be public (the development and test ones) or Django's placeholder.
KNOWN_KEYS_PREFIXES = ("django-insecure-", "development-only-", "tests-only-")
SECRET_KEY_MIN_LENGTH = 50


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} doit être défini en production.")
    return value


def strong_secret_key(value: str) -> str:
    """Django's own rule for a secret key (``check --deploy``), enforced at start-up."""
    if (
        len(value) < SECRET_KEY_MIN_LENGTH
        or len(set(value)) < 5
        or value.startswith(KNOWN_KEYS_PREFIXES)
    ):
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY est trop faible : au moins {SECRET_KEY_MIN_LENGTH} caractères "
            "variés et tirés au hasard, par exemple avec "
            '`python -c "import secrets; print(secrets.token_urlsafe(64))"`.'
        )
    return value


DEBUG = False
# One JSON object per line on standard output (integration_portal.logs).
LOGGING = logging_settings(os.environ.get("DJANGO_LOG_FORMAT", "json"))
SECRET_KEY = strong_secret_key(required("DJANGO_SECRET_KEY"))
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS doit être défini en production (noms d'hôte séparés par des "
        "virgules)."
    )
DATABASES = {"default": database(required("DATABASE_URL"))}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
# Only behind a proxy that sets X-Forwarded-Proto itself may the header be believed: trusted
# otherwise, any client could claim HTTPS and bypass the redirect.
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
