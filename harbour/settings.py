"""Harbour's one settings module, read from the environment.

``HARBOUR_MODE`` says where Harbour runs:

- ``production`` (the default): every secret must come from the environment; debug is refused.
- ``demo``: the embedded SQLite database and locally generated keys (under ``var/``).
- ``test``: as demo, with in-memory email and fast password hashing.

See ``docs/configuration.md`` for every variable.
"""

from __future__ import annotations

import ipaddress
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from harbour.core.logs import logging_config
from harbour.env import (
    env_bool,
    env_choice,
    env_fernet_keys,
    env_int,
    env_list,
    env_secret,
    env_str,
    load_local_keys,
)

BASE_DIR = Path(__file__).resolve().parent.parent
HARBOUR_MODE = env_choice("HARBOUR_MODE", "production", ("production", "demo", "test"))
PRODUCTION = HARBOUR_MODE == "production"
VAR_DIR = Path(env_str("HARBOUR_VAR_DIR", str(BASE_DIR / "var")))

if not PRODUCTION:
    # Keys are generated on this machine on first run and never committed.
    load_local_keys(VAR_DIR / "local-keys.env")

DEBUG = env_bool("DEBUG", "false")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when HARBOUR_MODE is production.")

SECRET_KEY = env_secret("SECRET_KEY", min_length=50)
# Keys for special-category fields, newest first: the first encrypts, all decrypt (rotation).
HARBOUR_FIELD_KEYS = env_fernet_keys("HARBOUR_FIELD_KEYS")
# Key for keyed hashes (blind indexes) used to find records without storing plaintext.
HARBOUR_HASH_KEY = env_secret("HARBOUR_HASH_KEY", min_length=32)
# During a rotation of the hash key (docs/operations.md, "Keys"): the key being replaced, under
# which digests are still looked up (and also written) until the rehash has finished.
HARBOUR_HASH_KEY_PREVIOUS = env_str("HARBOUR_HASH_KEY_PREVIOUS", "")
if HARBOUR_HASH_KEY_PREVIOUS:
    HARBOUR_HASH_KEY_PREVIOUS = env_secret("HARBOUR_HASH_KEY_PREVIOUS", min_length=32)
    if HARBOUR_HASH_KEY_PREVIOUS == HARBOUR_HASH_KEY:
        raise ImproperlyConfigured("HARBOUR_HASH_KEY_PREVIOUS must differ from HARBOUR_HASH_KEY.")
# Key rotations run as background tasks (harbour.keys): rows per batch (one transaction each),
# and seconds of batches one run of the task does before it queues the next run.
HARBOUR_KEY_ROTATION_BATCH_SIZE = env_int("HARBOUR_KEY_ROTATION_BATCH_SIZE", "200", minimum=1)
HARBOUR_KEY_ROTATION_TASK_SECONDS = env_int("HARBOUR_KEY_ROTATION_TASK_SECONDS", "30", minimum=1)
# The retention task (harbour.records): records per batch (one transaction each), and how long
# one run of the task works before it queues the next.
HARBOUR_RETENTION_BATCH_SIZE = env_int("HARBOUR_RETENTION_BATCH_SIZE", "200", minimum=1)
HARBOUR_RETENTION_TASK_SECONDS = env_int("HARBOUR_RETENTION_TASK_SECONDS", "30", minimum=1)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", None if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address Harbour is reached at, used in emails ("sign in at ...").
HARBOUR_SITE_URL = env_str("HARBOUR_SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_forms_gds",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "harbour.core",
    "harbour.keys",
    "harbour.regions",
    "harbour.accounts",
    "harbour.audit",
    "harbour.notifications",
    "harbour.statistics",
    "harbour.risk",
    "harbour.directory",
    "harbour.people",
    "harbour.incidents",
    "harbour.followups",
    "harbour.referrals",
    "harbour.marac",
    "harbour.safety_reports",
    "harbour.commissioning",
    "harbour.prevention",
    "harbour.campaigns",
    "harbour.action_plan",
    "harbour.consultations",
    "harbour.records",
    "harbour.insights",
    "harbour.demo",
]

MIDDLEWARE = [
    "harbour.core.logs.RequestIdMiddleware",
    # Outermost, so every answer under the public API carries its CORS header, errors included.
    "harbour.directory.middleware.OpenReferralCorsMiddleware",
    "harbour.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "harbour.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # "Error:" in the title of every page with an error summary (GOV.UK), whatever the view.
    "harbour.core.middleware.ErrorTitleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "harbour.accounts.middleware.StaffAreaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harbour.urls"
WSGI_APPLICATION = "harbour.wsgi.application"
ASGI_APPLICATION = "harbour.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "harbour" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "harbour.core.context_processors.harbour",
            ],
        },
    },
]

# Database: the embedded SQLite file by default, PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'harbour.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", "0", minimum=0),
        conn_health_checks=True,
    )
}
# On PostgreSQL every process but the tests' borrows connections from a pool of its own (psycopg
# 3's, through Django) and gives each back when a request or task ends: a process never holds
# more than DATABASE_POOL_MAX_SIZE connections, however many threads it runs (the development
# server starts one a request), and a thread waits DATABASE_POOL_TIMEOUT seconds for one before
# its request fails. See docs/operations.md, "Database connections".
DATABASE_POOL = env_bool(
    "DATABASE_POOL",
    "true"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and HARBOUR_MODE != "test"
    else "false",
)
if DATABASE_POOL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL.")
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections, not the threads
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", "4", minimum=1),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", "10", minimum=1),
        # Connections are renewed after half an hour, and closed after 5 idle minutes.
        "max_lifetime": 1800,
        "max_idle": 300,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and IMMEDIATE transactions let the web process and the task worker write safely.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if PRODUCTION and not env_bool("HARBOUR_ALLOW_SQLITE", "false"):
        raise ImproperlyConfigured(
            "Production needs DATABASE_URL pointing at PostgreSQL "
            "(set HARBOUR_ALLOW_SQLITE=true to run a single-machine trial on SQLite)."
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: lockout counters and rate limits must be shared between processes, so production uses
# Redis; the demo and tests use a cache local to the process.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("HARBOUR_CACHE_PREFIX", "harbour"),
        }
    }
elif PRODUCTION and not env_bool("HARBOUR_SINGLE_PROCESS", "false"):
    raise ImproperlyConfigured(
        "Production needs REDIS_URL so that sign-in lockouts and rate limits are shared between "
        "processes (set HARBOUR_SINGLE_PROCESS=true if exactly one process serves Harbour)."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks: Django's task framework (backport) with a database backend, so queued and
# scheduled work survives restarts. Run the worker with `python manage.py task_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("HARBOUR_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A task still marked running this long after it started is taken to have lost its worker and is
# run again (harbour.core.worker); every task is safe to run twice.
HARBOUR_TASK_RUNNING_TIMEOUT = env_int("HARBOUR_TASK_RUNNING_TIMEOUT", "300", minimum=10)

# Readiness (/health/ready) fails when a due task has waited longer than this: no worker is
# running or it cannot keep up. 0 leaves the task queue out of readiness.
HARBOUR_HEALTH_TASK_AGE_SECONDS = env_int("HARBOUR_HEALTH_TASK_AGE_SECONDS", "900", minimum=0)

# Sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "harbour.accounts.validators.CharacterVarietyValidator"},
]
if HARBOUR_MODE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lockout after repeated failures (password or two-factor code) of one username from one address,
# the address read by the trusted-proxy rule; a username failing from many addresses is slowed
# down instead (harbour.accounts.lockout, decision 0002).
AXES_FAILURE_LIMIT = env_int("HARBOUR_LOCKOUT_FAILURES", "5", minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HARBOUR_LOCKOUT_MINUTES", "30", minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "harbour.core.net.client_address"
AXES_ENABLE_ADMIN = False  # sign-in attempts are in Harbour's access log
HARBOUR_SIGN_IN_SLOW_ADDRESSES = env_int("HARBOUR_SIGN_IN_SLOW_ADDRESSES", "3", minimum=2)
HARBOUR_SIGN_IN_SLOW_SECONDS = env_int("HARBOUR_SIGN_IN_SLOW_SECONDS", "30", minimum=1)
HARBOUR_SIGN_IN_SLOW_MAX_SECONDS = env_int("HARBOUR_SIGN_IN_SLOW_MAX_SECONDS", "300", minimum=1)
# How long a one-time link (set up an account, confirm a new email address) works once sent.
HARBOUR_ACCOUNT_LINK_HOURS = env_int("HARBOUR_ACCOUNT_LINK_HOURS", "24", minimum=1)
if HARBOUR_ACCOUNT_LINK_HOURS > 168:
    raise ImproperlyConfigured("HARBOUR_ACCOUNT_LINK_HOURS must be 168 (a week) or fewer.")
# Counters live in the shared cache (Redis) when there is one, otherwise in the database.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # Harbour's own access log records sign-ins.
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "code"]

# Two-factor sign-in (TOTP) for every staff account.
OTP_TOTP_ISSUER = env_str("HARBOUR_TOTP_ISSUER", "Harbour")
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions: expire after a period without activity, and at browser close.
HARBOUR_IDLE_MINUTES = env_int("HARBOUR_IDLE_MINUTES", "30", minimum=1)
HARBOUR_SESSION_MAX_HOURS = env_int("HARBOUR_SESSION_MAX_HOURS", "10", minimum=1)
# A form saved as a draft between pages (encrypted, never in the session) is kept this long after
# it was last saved, then removed (harbour.core.drafts).
HARBOUR_DRAFT_HOURS = env_int("HARBOUR_DRAFT_HOURS", "12", minimum=1)
SESSION_COOKIE_AGE = HARBOUR_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "harbour_session"
CSRF_COOKIE_NAME = "harbour_csrf"
# A refused form gets a page in the layout of its part of the site (public or staff).
CSRF_FAILURE_VIEW = "harbour.core.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Transport security: on in production, off for the demo on http://127.0.0.1.
SECURE_SSL = env_bool("HARBOUR_HTTPS", "true" if PRODUCTION else "false")
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("HARBOUR_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = False
# `check --deploy` warns without preload (security.W021). Preloading binds every name under the
# region's domain to HTTPS in browsers for months, beyond Harbour's own: it is the domain
# owner's decision, made outside Harbour, so Harbour leaves it off and says so here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
HARBOUR_BEHIND_PROXY = env_bool("HARBOUR_BEHIND_PROXY", "false")
if HARBOUR_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The trusted-proxy rule (harbour.core.net.client_address): X-Forwarded-For is believed only as
# far as these networks wrote it. Behind a proxy on the same machine, loopback is the default.
HARBOUR_TRUSTED_PROXIES = env_list(
    "HARBOUR_TRUSTED_PROXIES", "127.0.0.1/32,::1/128" if HARBOUR_BEHIND_PROXY else ""
)
try:
    _trusted = [ipaddress.ip_network(item, strict=False) for item in HARBOUR_TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(
        f"HARBOUR_TRUSTED_PROXIES must be a comma-separated list of networks: {exc}"
    ) from exc
# How long the random key behind address digests of public senders lives (harbour.core.net).
HARBOUR_ADDRESS_KEY_SECONDS = env_int("HARBOUR_ADDRESS_KEY_SECONDS", "3600", minimum=60)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Staff pages send a referrer only to Harbour itself (browsers then send a real Origin header
# with forms, which CSRF protection checks); public pages send none at all (see
# harbour.core.middleware).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content Security Policy: nothing from any third party, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# Email: queued as a task, never sent from a request. The demo writes mail to files.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Harbour <no-reply@harbour.invalid>")
if HARBOUR_MODE == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif HARBOUR_MODE == "demo":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", "587", minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "true")
# Seconds to wait for the mail server before an attempt counts as failed (and is tried again).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", "20", minimum=1)
HARBOUR_NOTIFICATION_MAX_ATTEMPTS = env_int("HARBOUR_NOTIFICATION_MAX_ATTEMPTS", "5", minimum=1)

# Person records: the duplicate check and unusual activity (see docs/people.md).
HARBOUR_PEOPLE_BLOCK_LIMIT = env_int("HARBOUR_PEOPLE_BLOCK_LIMIT", "50", minimum=5)
HARBOUR_PEOPLE_CHECKS_FLAG_PER_HOUR = env_int(
    "HARBOUR_PEOPLE_CHECKS_FLAG_PER_HOUR", "20", minimum=1
)
HARBOUR_PEOPLE_CHECKS_LIMIT_PER_HOUR = env_int(
    "HARBOUR_PEOPLE_CHECKS_LIMIT_PER_HOUR", "60", minimum=1
)
HARBOUR_PEOPLE_READS_FLAG_PER_HOUR = env_int("HARBOUR_PEOPLE_READS_FLAG_PER_HOUR", "40", minimum=1)
HARBOUR_PEOPLE_REFUSALS_FLAG_PER_HOUR = env_int(
    "HARBOUR_PEOPLE_REFUSALS_FLAG_PER_HOUR", "3", minimum=1
)
HARBOUR_PEOPLE_EMERGENCY_HOURS = env_int("HARBOUR_PEOPLE_EMERGENCY_HOURS", "8", minimum=1)
# Name search: truncated name buckets, and how many records one search may read (decision 0008).
HARBOUR_PEOPLE_NAME_BUCKET_BITS = env_int("HARBOUR_PEOPLE_NAME_BUCKET_BITS", "17", minimum=8)
if HARBOUR_PEOPLE_NAME_BUCKET_BITS > 40:
    raise ImproperlyConfigured("HARBOUR_PEOPLE_NAME_BUCKET_BITS must be at most 40.")
HARBOUR_PEOPLE_SEARCH_READ_LIMIT = env_int("HARBOUR_PEOPLE_SEARCH_READ_LIMIT", "200", minimum=10)

# Incidents: when the actions an incident prompts are due (see docs/incidents.md).
HARBOUR_INCIDENTS_SCHOOL_DAY_START = env_str("HARBOUR_INCIDENTS_SCHOOL_DAY_START", "08:30")
try:
    time.fromisoformat(HARBOUR_INCIDENTS_SCHOOL_DAY_START)
except ValueError as exc:
    raise ImproperlyConfigured(
        "HARBOUR_INCIDENTS_SCHOOL_DAY_START must be a time like 08:30, "
        f"not {HARBOUR_INCIDENTS_SCHOOL_DAY_START!r}."
    ) from exc
HARBOUR_INCIDENTS_CSC_REFERRAL_HOURS = env_int(
    "HARBOUR_INCIDENTS_CSC_REFERRAL_HOURS", "24", minimum=1
)
HARBOUR_INCIDENTS_CHECKLIST_HOURS = env_int("HARBOUR_INCIDENTS_CHECKLIST_HOURS", "24", minimum=1)

# The 24-hour follow-up: reminders this many hours before the deadline (see docs/followups.md).
HARBOUR_FOLLOWUPS_REMINDER_HOURS = env_str("HARBOUR_FOLLOWUPS_REMINDER_HOURS", "12,2")

# Risk tools: which roles complete a tool loaded beyond the shipped ones, by tool key, as
# "tool-key=role,role; other-key=role" (see docs/risk.md).
HARBOUR_RISK_TOOL_ROLES = env_str("HARBOUR_RISK_TOOL_ROLES", "")

# Self-referrals from the public contact form, in an hour (harbour.referrals.flood and
# docs/referrals.md): at most so many from one address; from one network (/24, /48) flagged beyond
# one count and refused beyond a high cap; for the whole site flagged as a surge beyond one count
# and refused beyond a hard bound.
HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR = env_int(
    "HARBOUR_SELF_REFERRALS_PER_CLIENT_PER_HOUR", "3", minimum=1
)
HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR = env_int(
    "HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR", "6", minimum=1
)
HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR = env_int(
    "HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR", "30", minimum=1
)
HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR = env_int(
    "HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR", "100", minimum=1
)
HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR = env_int(
    "HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR", "1000", minimum=1
)
if not (
    HARBOUR_SELF_REFERRALS_PER_NETWORK_PER_HOUR <= HARBOUR_SELF_REFERRALS_NETWORK_LIMIT_PER_HOUR
    and HARBOUR_SELF_REFERRALS_SURGE_PER_HOUR <= HARBOUR_SELF_REFERRALS_LIMIT_PER_HOUR
):
    raise ImproperlyConfigured(
        "Self-referral limits: a flag (PER_NETWORK, SURGE) must not be above its limit "
        "(NETWORK_LIMIT, LIMIT)."
    )

# Consultations (docs/consultations.md): answers on the public page in an hour, by the
# short-lived address key; spreadsheet imports; the embedding model of the theme analysis
# ("auto": wordllama when the "analysis" extra is installed, otherwise TF-IDF and SVD).
HARBOUR_CONSULTATION_ANSWERS_PER_CLIENT_PER_HOUR = env_int(
    "HARBOUR_CONSULTATION_ANSWERS_PER_CLIENT_PER_HOUR", "5", minimum=1
)
HARBOUR_CONSULTATION_ANSWERS_PER_NETWORK_PER_HOUR = env_int(
    "HARBOUR_CONSULTATION_ANSWERS_PER_NETWORK_PER_HOUR", "60", minimum=1
)
HARBOUR_CONSULTATION_ANSWERS_PER_HOUR = env_int(
    "HARBOUR_CONSULTATION_ANSWERS_PER_HOUR", "2000", minimum=1
)
HARBOUR_CONSULTATION_IMPORT_MAX_BYTES = env_int(
    "HARBOUR_CONSULTATION_IMPORT_MAX_BYTES", str(2 * 1024 * 1024), minimum=1024
)
HARBOUR_CONSULTATION_IMPORT_MAX_ROWS = env_int(
    "HARBOUR_CONSULTATION_IMPORT_MAX_ROWS", "10000", minimum=1
)
HARBOUR_CONSULTATION_EMBEDDER = env_choice(
    "HARBOUR_CONSULTATION_EMBEDDER", "auto", ["auto", "wordllama", "lsa"]
)

# MARAC: how many cases a meeting's agenda is built up to, unless the meeting says otherwise.
HARBOUR_MARAC_CASES_PER_MEETING = env_int("HARBOUR_MARAC_CASES_PER_MEETING", "16", minimum=1)
if HARBOUR_MARAC_CASES_PER_MEETING > 60:
    raise ImproperlyConfigured("HARBOUR_MARAC_CASES_PER_MEETING must be 60 or fewer.")
# The hour (UK time) at which owning agencies are reminded of MARAC actions due that day, and
# told (with the coordinators) of actions left open past their date.
HARBOUR_MARAC_ACTION_REMINDER_HOUR = env_int("HARBOUR_MARAC_ACTION_REMINDER_HOUR", "9", minimum=0)
if HARBOUR_MARAC_ACTION_REMINDER_HOUR > 23:
    raise ImproperlyConfigured("HARBOUR_MARAC_ACTION_REMINDER_HOUR must be from 0 to 23.")

# Access log
HARBOUR_AUDIT_RETENTION_DAYS = env_int("HARBOUR_AUDIT_RETENTION_DAYS", "2190", minimum=365)

# Language and time: stored in UTC, shown in Europe/London; every string translatable.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "harbour" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

# Static files: GOV.UK Frontend is built from its npm package by bin/setup.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "harbour" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"staff": "120/min", "public": "600/min"},
}
SPECTACULAR_SETTINGS = {"TITLE": "Harbour API", "VERSION": "1.0.0", "SERVE_INCLUDE_SCHEMA": False}

# Demo: each app may contribute synthetic data, in this order (see harbour/demo/).
HARBOUR_DEMO_SEEDERS = [
    "harbour.regions.demo.seed",
    "harbour.accounts.demo.seed",
    "harbour.directory.demo.seed",
    "harbour.people.demo.seed",
    "harbour.risk.demo.seed",
    "harbour.followups.demo.seed",
    "harbour.referrals.demo.seed",
    "harbour.marac.demo.seed",
    "harbour.safety_reports.demo.seed",
    "harbour.commissioning.demo.seed",
    "harbour.prevention.demo.seed",
    "harbour.campaigns.demo.seed",
    "harbour.action_plan.demo.seed",
    "harbour.consultations.demo.seed",
    "harbour.records.demo.seed",
    "harbour.insights.demo.seed",  # after followups: the dashboard's earlier quarter
    "harbour.statistics.demo.seed",  # last: releases of the records seeded above
]

# Logs: JSON lines on standard error with a request or task id, never personal data: no
# exception messages, no query strings (harbour.core.logs).
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO").upper())

# Public forms (search, feedback, self-referral...) are protected without cookies: a signed token
# in the form is refused after this many seconds (see harbour.core.public_forms).
HARBOUR_PUBLIC_FORM_MAX_AGE = env_int("HARBOUR_PUBLIC_FORM_MAX_AGE", "7200", minimum=60)

# Where "Exit this page" takes a visitor: a neutral, busy site that says nothing about abuse.
HARBOUR_EXIT_URL = env_str("HARBOUR_EXIT_URL", "https://www.bbc.co.uk/weather")

# Find support keeps a search (need, area, words) this many minutes behind its opaque results
# address, so Back finds her results; "Exit this page" forgets it at once (decision 0005).
HARBOUR_SEARCH_MINUTES = env_int("HARBOUR_SEARCH_MINUTES", "10", minimum=1)

# The publisher's 360Giving identifier prefix: grant identifiers in the open-data export start with
# it (harbour.commissioning.giving). Register one with 360Giving before publishing.
HARBOUR_360GIVING_PREFIX = env_str("HARBOUR_360GIVING_PREFIX", "360G-harbour")
