"""The test suite: the development settings on a test database created and dropped by each run
(the demo may be loaded into it), with fast password hashing."""

from integration_portal.settings.development import *  # noqa: F403

DEBUG = False
DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Downloads kept in memory, emptied with the pages before each test.
CACHES = {**CACHES, "downloads": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
