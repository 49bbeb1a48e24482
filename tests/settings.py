"""Settings for the test suite: the real ones, with a throwaway key when none is given."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k" * 50)

from quizapp.settings import *  # noqa: F403

# Unit tests grade in-process; the integration tests start a real worker and turn this off.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SECURE_SSL_REDIRECT = False
# Failed log-ins counted in memory, cleared before each test (tests/conftest.py), apart from
# the Redis that the integration tests' workers use as their broker.
CACHES["axes"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "axes-tests",
}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W001"]  # noqa: F405
