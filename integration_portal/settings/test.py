"""The test suite: the development settings on a test database created and dropped by each run
(the demo may be loaded into it), with fast password hashing."""

from integration_portal.settings.development import *  # noqa: F403

DEBUG = False
DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Downloads kept in memory, emptied with the pages before each test.
CACHES = {**CACHES, "downloads": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
# The API's throttle is tested on its own (tests/integration_portal/test_limits.py); the
# tests that walk every page or check the API's contract ask far more than a visitor would.
API_THROTTLE_RATE = "100000/min"
