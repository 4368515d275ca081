"""Development (``manage.py``'s default, ``make run``): debug pages, a fixed local key, and,
when ``DATABASE_URL`` is unset, the project-local PostgreSQL (``integration_portal.localdb``),
the only database the demo data and its admin account may be loaded into."""

import os

from integration_portal.settings.base import *  # noqa: F403
from integration_portal.settings.base import database, env_bool, env_list

DEBUG = True
# Staff log in with a password only, unless STAFF_TWO_FACTOR=true (the tests of two-factor
# authentication turn it on).
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "development-only-key-never-used-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DEMO_ALLOWED = not DATABASE_URL
if not DATABASE_URL:
    from integration_portal.localdb import local_database_url

    DATABASE_URL = local_database_url()
DATABASES = {"default": database(DATABASE_URL)}

# Without an SMTP server, e-mails are printed in runserver's console.
if not EMAIL_HOST:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Static files read from the apps' and the project's folders at each request, without
# ``collectstatic``.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
