"""Settings for the test suite: the normal settings with a fixed key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")

from integration_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
