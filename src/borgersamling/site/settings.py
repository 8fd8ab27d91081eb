"""Settings for the Borgersamling web application.

Everything that differs between the demo and a deployment comes from environment variables:
``DATABASE_URL`` (SQLite file by default), ``BORGERSAMLING_SECRET_KEY``,
``BORGERSAMLING_DEBUG``, ``BORGERSAMLING_ALLOWED_HOSTS`` (comma separated).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Lets django-stubs' generic admin classes (ModelAdmin[Model]) be subscripted at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BORGERSAMLING_DATA_DIR", Path.cwd() / "var"))

DEBUG = os.environ.get("BORGERSAMLING_DEBUG", "") == "1"
# The demo and tests run without a configured key; ``borgersamling serve`` refuses that.
INSECURE_DEV_KEY = "borgersamling-insecure-development-key-do-not-deploy"
SECRET_KEY = os.environ.get("BORGERSAMLING_SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("BORGERSAMLING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "borgersamling.assemblies",
    "borgersamling.library",
    "borgersamling.accounts",
    "borgersamling.seating",
    "borgersamling.recruitment",
    "borgersamling.deliberation",
    "borgersamling.reports",
    "borgersamling.followup",
    "borgersamling.evaluation",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "borgersamling.site.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "borgersamling.site.urls"
WSGI_APPLICATION = "borgersamling.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'borgersamling.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo serves requests from several threads beside a task worker thread. In SQLite's
    # default (deferred) mode a transaction that reads, then writes fails at once with
    # "database is locked"; taking the write lock at the start, and waiting for it, avoids that.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login attempt counters live in the cache. Several web processes must share it, so a
# deployment sets BORGERSAMLING_REDIS_URL; the demo's single process keeps it in memory.
_redis_url = os.environ.get("BORGERSAMLING_REDIS_URL", "")
_test_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1 ... under pytest -n
if _redis_url and _test_worker:
    # Parallel test processes each take their own Redis database, counting down from the
    # URL's: one clearing the cache (FLUSHDB) must not wipe another's counters.
    _redis_base, _slash, _redis_db = _redis_url.rpartition("/")
    _redis_url = f"{_redis_base}/{int(_redis_db or 0) - int(_test_worker.removeprefix('gw'))}"
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work (lottery runs, letters): Django's tasks framework (the django-tasks
# backport on Django 5.2), stored in the database so any worker process can take it.
# ``borgersamling demo`` runs a worker thread in its own process.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("BORGERSAMLING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Strong password hashing: Argon2 would need another package; PBKDF2 with Django's current
# iteration count is the well-kept default.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A pinned day for the demo (see site/clock.py); unset in real use.
_demo_date = os.environ.get("BORGERSAMLING_DEMO_DATE", "")
DEMO_DATE = datetime.date.fromisoformat(_demo_date) if _demo_date else None

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["borgersamling.site.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only needed for ``collectstatic`` behind a separate web server; WhiteNoise serves the
# package's files directly otherwise.
STATIC_ROOT = os.environ.get("BORGERSAMLING_STATIC_ROOT") or None
# The project-wide stylesheet lives beside the base template, outside any app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Static files are served from the package itself, so neither the demo nor a small
# deployment needs a collectstatic step.
WHITENOISE_USE_FINDERS = True

# Accounts: the secretariat logs in with a password (+ TOTP), members with a one-time code.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
OTP_TOTP_ISSUER = "Borgersamling"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
