"""Settings for the U4SSC KPI platform, read from the environment only.

With no environment at all the site runs on a SQLite file with Celery tasks run
in-process, so one machine without services runs everything (the demo).
"""
import os
from pathlib import Path

import dj_database_url

from u4ssc_site.code_version import code_version
from u4ssc_site.storage_config import storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Without a SECRET_KEY the site is a local demo: debug on, a fixed dev key.
# Production sets SECRET_KEY, and DEBUG then defaults to off.
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", default=not env("SECRET_KEY"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: translated catalogue names (kpis/translation.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prometheus",
    "kpis",
    "submissions",
    "verification",
    "reports",
    "people",
    "programme",
    "public",
    "opendata",
    "u4ssc_site",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed when the browser accepts it, but those showing a secret beside request text (BREACH).
    "u4ssc_site.compression.SiteGZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each request: the person's choice (saved on their account and set in the
    # language cookie at sign-in), else the browser's Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "u4ssc_site.language.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "people.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "u4ssc_site.caching.PrivatePagesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "u4ssc_site.urls"
WSGI_APPLICATION = "u4ssc_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "submissions.roles.roles_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: 5 failures for one account lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Wrong current passwords on the password change page count too; what was typed is never logged.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
# The lock is per account by design (the rule is "5 failures for an account"); a
# lock per address would also lock out every colleague behind one city office NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Second factor (TOTP with recovery codes, people.second_factor): these roles must pass it on every
# sign-in whenever debug is off; anyone who set one up passes it too. The demo on its defaults runs without.
OTP_REQUIRED_FOR = () if DEBUG else ("secretariat", "verifier")
OTP_TOTP_ISSUER = "U4SSC KPI platform"

# Idle sessions end after 30 minutes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
# The four languages of pages, e-mails and reports; Arabic is written right to left.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switch's choice lasts a year in this browser (and is saved on the person's account).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# One way of writing dates across pages, polls and e-mails ("29 November 2026", "29 Nov 2026, 14:05").
FORMAT_MODULE_PATH = ["u4ssc_site.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Evidence and rendered reports live here, outside the static root, and are
# served only through views that check who is asking.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = None
# Every stored file (evidence, reports, exports, open data) goes through the storage API, so web
# servers and workers on several machines share one store: the file system under MEDIA_ROOT by
# default (shared by a volume), or an S3-compatible object store (django-storages) when
# STORAGE_URL=s3://bucket/prefix or AWS_STORAGE_BUCKET_NAME is set; STORAGE_BACKEND names any
# other storage class.
STORAGES["default"] = storage_from_env(env)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with REDIS_URL a real broker and worker; without it tasks run in-process.
REDIS_URL = env("REDIS_URL")
# The cache (rendered pages and fragments, the open data API's rate limits): Redis when REDIS_URL (or
# CACHE_URL) is set, so every web process on every machine shares it; this process's memory otherwise. Keys
# carry CACHE_KEY_PREFIX (several sites or test runs can share one Redis) and the version of the code, so that
# nothing rendered by other code is ever served (u4ssc_site/code_version.py).
CACHE_URL = env("CACHE_URL") or REDIS_URL
# How long a rendering is kept at most. A change shows at once through the stamps; this bounds only what a Redis
# outage could leave behind (kpis/stamps.py: a stamp owed by a process that stopped during it).
RENDERED_SECONDS = 60 * 60
CACHE_KEY_PREFIX = f"{env('CACHE_KEY_PREFIX', 'u4ssc')}:{code_version(BASE_DIR)}"
if CACHE_URL:
    # A Redis that is down or hangs costs a page one second at most, and is then left alone a few seconds: the
    # pages are rendered from the database meanwhile (u4ssc_site/cache_backend.py).
    CACHES = {"default": {"BACKEND": "u4ssc_site.cache_backend.FailOpenRedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": CACHE_KEY_PREFIX, "TIMEOUT": RENDERED_SECONDS,
                          "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "KEY_PREFIX": CACHE_KEY_PREFIX, "TIMEOUT": RENDERED_SECONDS,
                          "OPTIONS": {"MAX_ENTRIES": 20_000}}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Without a broker a report renders in a thread of the web process, never inside the
# request that asks for it (with one, a worker renders it).
REPORT_RENDER_THREAD = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# Longer than the hard time limit, so Redis never hands a running task to a second worker.
# A broker that is down or hangs (stopped, not refusing) must not hold a web request: each
# call to it times out after a second, and neither connecting nor publishing is tried again
# (kombu would for seconds): the sweeps below resend what it did not take.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 1, "socket_connect_timeout": 1,
                                   "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Periodic work, run by `celery beat` as its own process: requests made while the broker
# was down are sent once it is back, and renderings whose worker died (heartbeat silent)
# are queued again without waiting for the visibility timeout. SWEEP_SECONDS sets the pace
# (tests shorten it); the reports sweep also beats the heartbeat `beat_check` reads.
SWEEP_SECONDS = float(env("SWEEP_SECONDS", "15"))
CELERY_BEAT_SCHEDULE = {
    "reports-resend-unsent": {"task": "reports.resend_unsent", "schedule": SWEEP_SECONDS},
    "notifications-resend-queued": {"task": "verification.resend_queued", "schedule": 4 * SWEEP_SECONDS},
    # Deadline reminders: each is recorded once sent, so a second run on the same day sends nothing.
    "programme-reminders": {"task": "programme.reminders_send", "schedule": 24 * 60 * 60},
}

# E-mail: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "U4SSC KPI platform <noreply@u4ssc.example>")
# Where people reach the site: the links in e-mails start with it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Transport security: on whenever debug is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Health checks (compose, load balancers) call the container over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Pages load scripts and styles from our own origin only: no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The open data API (opendata): read-only, anonymous, published data only, JSON.
# Nobody is authenticated there, so every answer is the same for everyone and may be cached.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_THROTTLE_RATE", "600/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "U4SSC KPI open data API",
    "DESCRIPTION": "The published U4SSC KPI data of cities: the catalogue, cities, published submissions and their values.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Other sites' pages may read the API and the bulk files, never write or send credentials.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|open-data)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# The licence of the open data, stated in the data package and on /open-data/ (opendata.licences).
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", "CC-BY-4.0")

# /metrics (u4ssc_site.metrics): for a bearer of METRICS_TOKEN, or from these networks (loopback by default).
METRICS_TOKEN = env("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
