"""Settings, read from the environment; `.env.example` documents every variable.

Defaults are for a laptop: SQLite and grading in-process. Production sets DEBUG=0, a
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL (Celery workers).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from quizapp.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (set SECRET_KEY or SECRET_KEY_FILE)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "quizapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: oversized bodies 413, NUL bytes 400.
    "quizapp.middleware.RequestGuard",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out log-in into quizapp.logins.locked_out's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizapp.urls"
WSGI_APPLICATION = "quizapp.wsgi.application"

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
                "quizapp.web.context.reviews_due",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections pay off where threads are reused (gunicorn's workers);
        # runserver (DEBUG) starts a thread per request, each of which would keep one open.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        # A `SELECT 1` before each request's first query: a round trip on every request (a
        # tenth of an autosave's time), to spare one request per process after PostgreSQL
        # restarts (it gets a 503 with Retry-After, and the broken connection is dropped).
        # docs/performance.md, "Exam day".
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", False),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id cheap enough for a hall logging in at once; PBKDF2 hashes still verify (and are
# rewritten at the next login). See quizapp/hashers.py.
PASSWORD_HASHERS = [
    "quizapp.hashers.HallArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Zurich")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes (and WhiteNoise serves from); a test collects into a tmp dir.
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only the figures' images are published from fixtures/: the exam files hold the answer
# keys, and the script that draws the figures states some of them.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "quizapp.staticfinders.FigureFinder",
]
# Hashed names (far-future caching) in production; gzip and Brotli copies too, unless
# STATIC_COMPRESS=0: compressing the vendored KaTeX and Swagger UI is most of collectstatic's
# time (docs/deploy.md), which a test or a quick local stack need not pay.
STATIC_COMPRESS = env_bool("STATIC_COMPRESS", default=True)
if DEBUG:
    _STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
elif STATIC_COMPRESS:
    _STATIC_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    _STATIC_BACKEND = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_BACKEND},
}
FIXTURES_DIR = BASE_DIR / "fixtures"

# Redis, when given, is the Celery broker and the shared cache (verdicts, throttles).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Bounded waits: a Redis that stops answering costs a request seconds, not minutes.
    REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
    CACHES = {
        # Reads miss and writes are dropped while Redis is down (quizapp/cache.py).
        "default": {
            "BACKEND": "quizapp.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        },
        # Failed log-ins, counted under hashed keys (django-axes); shared by every web
        # process. Not degrading: a lock-out must not stop counting unnoticed.
        "axes": {
            "BACKEND": "quizapp.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
            "KEY_PREFIX": "axes",
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CACHES["axes"] = {**CACHES["default"], "KEY_PREFIX": "axes"}
# axes.W006 asks for the address among the lock-out keys; the account alone is the key on
# purpose (a hall behind one NAT address, see quizapp/logins.py), and rotating user agents
# or cookies changes nothing about it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if not REDIS_URL:
    # One process serves the site without Redis: an in-memory count is the whole count.
    SILENCED_SYSTEM_CHECKS.append("axes.W001")

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without Redis, grading runs in-process: tasks execute when they are queued.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only once done, so a worker killed mid-task loses nothing; Redis
# hands an unacknowledged task to another worker after the visibility timeout.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300),
    # How often workers look for such abandoned tasks (kombu's default is every ~100 s).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SOFT_TIME_LIMIT = env_int("GRADING_SOFT_TIME_LIMIT", 30)
CELERY_TASK_TIME_LIMIT = env_int("GRADING_HARD_TIME_LIMIT", 60)
if CELERY_TASK_SOFT_TIME_LIMIT > CELERY_TASK_TIME_LIMIT:
    # Celery would refuse to queue every task (ValueError at apply_async, which the web's
    # publisher and beat only log): nothing would ever be graded.
    raise ImproperlyConfigured(
        f"GRADING_SOFT_TIME_LIMIT ({CELERY_TASK_SOFT_TIME_LIMIT} s) must not exceed "
        f"GRADING_HARD_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT} s)."
    )
# Exam submits and practice checks wait in separate queues, so a burst of either cannot delay
# the other; a worker started without -Q consumes all three (see docs/deploy.md).
GRADING_QUEUE_SUBMIT = env_str("GRADING_QUEUE_SUBMIT", "submit")
GRADING_QUEUE_PRACTICE = env_str("GRADING_QUEUE_PRACTICE", "practice")
# Regrades after a corrected key (quizapp.services.regrading) run on the exam workers, so
# many answers per task (an expression can take the engine seconds: keep a batch well inside
# the soft time limit).
REGRADE_QUEUE = GRADING_QUEUE_SUBMIT
REGRADE_BATCH_SIZE = env_int("REGRADE_BATCH_SIZE", 20)
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {name: {} for name in ("celery", GRADING_QUEUE_SUBMIT, GRADING_QUEUE_PRACTICE)}
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-grading": {
        "task": "quizapp.tasks.sweep_pending_responses",
        "schedule": env_int("GRADING_SWEEP_SECONDS", 60),
    }
}

# Grading limits for one expression check, enforced in a child process.
GRADING_WALL_SECONDS = float(env_int("GRADING_WALL_SECONDS", 5))
GRADING_CPU_SECONDS = env_int("GRADING_CPU_SECONDS", 5)
GRADING_MEMORY_MB = env_int("GRADING_MEMORY_MB", 512)
# A response still pending this long after it was queued is queued again by the sweep.
GRADING_STALE_SECONDS = env_int("GRADING_STALE_SECONDS", 120)
# Practice checks one student may have waiting for a worker; the next is refused (429) until
# they are graded, so that one student's costly answers cannot starve everyone else's.
GRADING_PENDING_PER_STUDENT = env_int("GRADING_PENDING_PER_STUDENT", 5)
# After this many tries a response is given up on with an error a student can read.
GRADING_MAX_TRIES = env_int("GRADING_MAX_TRIES", 3)

ALLOW_REGISTRATION = env_bool("ALLOW_REGISTRATION", default=True)

# How many proxies in front of the site append to X-Forwarded-For (and may be trusted for
# the client's address and X-Forwarded-Proto). None by default: the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Log-in lock-out (django-axes, see quizapp/logins.py): one policy for /login/, /admin/login/
# and /api/auth/token/, keyed on the normalised account; only failures are counted.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "axes"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "quizapp.logins.account_key"
AXES_LOCKOUT_CALLABLE = "quizapp.logins.locked_out"
# The cool-off runs from the lock-out: an attacker's further guesses do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "quizapp.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "quizapp.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The client's address for per-address throttles: X-Forwarded-For only from trusted
    # proxies (DRF would otherwise believe whatever the client sends).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "auth": env_str("THROTTLE_AUTH", "20/min"),
        "writes": env_str("THROTTLE_WRITES", "600/min"),
        "starts": env_str("THROTTLE_STARTS", "30/min"),
    },
}
# Content-Security-Policy (django-csp): scripts only from this site's files (htmx, KaTeX and
# ours are vendored under static/), none inline, no eval. Styles may be inline: KaTeX sets
# sizes in style attributes and htmx adds its indicator style. Checked by the browser tests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# API tokens (django-rest-knox): stored hashed, expire after API_TOKEN_HOURS, revoked by
# POST /api/auth/logout/ (this one) or /api/auth/logout-all/, and all of them when the
# password changes (quizapp/signals.py).
API_TOKEN_HOURS = env_int("API_TOKEN_HOURS", 24)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Practice exams API",
    "DESCRIPTION": "Practice and exam attempts, answers, grading and progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` or `status`: each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "QuestionKindEnum": "quizapp.models.Question.Kind",
        "PartKindEnum": "quizapp.models.Part.Kind",
        "AttemptStatusEnum": "quizapp.models.Attempt.Status",
        "AnswerStatusEnum": ["blank", "saved", "pending", "graded", "needs_review", "invalid"],
        "NotedFieldEnum": "quizapp.bank.schema.NOTED_FIELDS",
        "GradeStatusEnum": "quizapp.models.Response.Status",
        "RegradeStatusEnum": "quizapp.models.Regrade.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Load balancers and compose ask /healthz over plain HTTP, even where HTTPS is enforced.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if TRUSTED_PROXY_COUNT:
        # Only a proxy we put in front may say the request came over HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Both bind every subdomain of the site's domain (and, preloaded, for months): opt-in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # check --deploy recommends both; leaving them off is this site's deliberate default.
    SILENCED_SYSTEM_CHECKS += ["security.W005", "security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
