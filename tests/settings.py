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
