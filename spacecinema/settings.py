"""Space Cinema settings: one file, every deployment choice read from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")

# `make run` keeps a key per checkout in .secret-key, so every manage.py command of that
# checkout signs with the same one; a key in the environment (production) wins.
SECRET_KEY_FILE = BASE_DIR / ".secret-key"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set. Set it in the environment, run 'make run' once to make "
            f"{SECRET_KEY_FILE}, or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Public address: canonical links, OpenGraph and JSON-LD use it. Locally it follows PORT, so
# `PORT=8101 make run` links to the address it serves, as its sitemap and feeds do.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip(
    "/"
)
SITE_NAME = "Space Cinema"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reversion",
    "newsroom",
    "people",
    "projects",
    "articles",
    "tags",
    "search",
    "alerts",
    "api",
    "demo",
    "spacecinema",
]

MIDDLEWARE = [
    "spacecinema.security.MalformedRequestMiddleware",
    # The one answer to conditional GETs, for stored pages as for the rest. (A feed answers
    # before it is built, with Django's `condition` decorator.)
    "spacecinema.conditional.ConditionalGetMiddleware",
    # Before the rest: a cached page was stored with the headers they add, and a hit skips them.
    "spacecinema.cache.PageCacheMiddleware",
    "spacecinema.security.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "spacecinema.security.SignInSlowdownMiddleware",
    # After AuthenticationMiddleware: request.user.is_verified() (spacecinema/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "spacecinema.two_factor.SetupOwedMiddleware",
]

# Django's storage (a cookie, then the session), made only when a page reads or adds a message.
MESSAGE_STORAGE = "spacecinema.messages.MessageStorage"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out address or username is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "spacecinema.urls"

TEMPLATES = [
    # Public pages: spacecinema/jinja2.py. Each app's templates are in its jinja2/ folder.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "spacecinema.jinja2.environment"},
    },
    # The admin, and Django's own pages.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "spacecinema.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; IMMEDIATE transactions and a
    # busy timeout make concurrent writers queue instead of failing with "database is locked".
    # Connections persist like PostgreSQL's (CONN_MAX_AGE): each autocommit read still sees
    # the latest commit, and SQLite's page cache outlives the request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Files, not local memory: every gunicorn worker on the box must read the same change
    # log, or a worker would go on serving a page another one's save made stale.
    CACHES = {
        "default": {
            "BACKEND": "spacecinema.filecache.FileCache",
            "LOCATION": os.environ.get("CACHE_DIR", BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Sessions live in the database, shared by every app server; the cache only holds
# what can be rebuilt (pages, the change log of newsroom/changes.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole public pages for anonymous readers; see spacecinema/cache.py and docs/operations.md.
# A stored page is served until something it shows changes; this is how long one nobody asks
# for stays in the shared cache (each read past half of it keeps it that long again).
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# What browsers and shared caches (a CDN, Varnish) may keep: spacecinema/http_cache.py, and the
# table in docs/operations.md. Browsers cannot be purged: minutes. Shared caches are purged when
# what a page shows changes: SHARED_CACHE_SECONDS is how long one keeps a page should a purge be
# lost. stale-if-error is how long it may answer with a page while the app servers are down.
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", "3600"))
HTTP_CACHE_POLICIES = {
    # Every HTML page (home, lists, articles, subjects, the race, search, the feed list), JSON.
    "page": {
        "max_age": 60,
        "s_maxage": SHARED_CACHE_SECONDS,
        "stale_while_revalidate": 60,
        "stale_if_error": 86400,
    },
    # Feed readers poll: five minutes between their fetches is plenty.
    "feed": {
        "max_age": 300,
        "s_maxage": SHARED_CACHE_SECONDS,
        "stale_while_revalidate": 60,
        "stale_if_error": 86400,
    },
    "sitemap": {
        "max_age": 3600,
        "s_maxage": SHARED_CACHE_SECONDS,
        "stale_while_revalidate": 300,
        "stale_if_error": 86400,
    },
    # A page that does not exist (yet): publishing it purges its address's keys.
    "missing": {
        "max_age": 60,
        "s_maxage": min(600, SHARED_CACHE_SECONDS),
        "stale_while_revalidate": 60,
        "stale_if_error": 3600,
    },
    # An old address's permanent redirect.
    "moved": {
        "max_age": 3600,
        "s_maxage": SHARED_CACHE_SECONDS,
        "stale_while_revalidate": 60,
        "stale_if_error": 86400,
    },
    # robots.txt and /favicon.ico: their addresses never change with them, so a week at most.
    "file": {
        "max_age": 7 * 24 * 3600,
        "s_maxage": 7 * 24 * 3600,
        "stale_while_revalidate": 3600,
        "stale_if_error": 7 * 24 * 3600,
    },
}

# An HTTP cache in front (Varnish with xkey, several servers) keeps pages until their s-maxage
# unless told: after each committed change the site sends it the change's keys, from a thread,
# so a save never waits on it (spacecinema/purge.py). Empty turns purging off.
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS", "")
for _url in HTTP_CACHE_PURGE_URLS:
    if not _url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"HTTP_CACHE_PURGE_URLS: {_url!r} is not an http(s) URL.")
HTTP_CACHE_PURGE_TIMEOUT = float(os.environ.get("HTTP_CACHE_PURGE_TIMEOUT", "2"))
# Tries per purge request, the pause doubling from a quarter of a second: under a minute in all.
HTTP_CACHE_PURGE_ATTEMPTS = int(os.environ.get("HTTP_CACHE_PURGE_ATTEMPTS", "8"))

# Search ranks the articles that match among the newest this many, and counts them up to the
# other (past it, a page says "more than"): a page costs the same however many match.
SEARCH_RANKED_ARTICLES = 200
SEARCH_COUNTED_ARTICLES = 1000

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Date and time formats of our own, over Django's for the language: times name their zone.
FORMAT_MODULE_PATH = ["spacecinema.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# One box serves its own uploads; a deployment on object storage turns this off.
SERVE_MEDIA = env_flag("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Uploads: refuse anything bigger than the newsroom's image limits before Pillow decodes it.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True
# Tag names typed in a form get the same normalisation as every other line of text.
TAGGIT_TAGS_FROM_STRING = "newsroom.text.tags_from_string"

# Production hardening switches on with DEBUG off; a proxy terminating TLS sets
# SECURE_PROXY_SSL_HEADER through TRUST_X_FORWARDED_PROTO=1.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: JSON-LD data blocks are not executed, so script-src
# does not need to allow them. Images may come from object storage on another host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("CSP_IMG_HOSTS", "")],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Powerful browser features no page of the site uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "sync-xhr": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
X_FRAME_OPTIONS = "DENY"
if env_flag("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Admin logins: an address is slowed down, then locked out after AXES_FAILURE_LIMIT failures,
# whatever the usernames it tries, for AXES_COOLOFF_HOURS. The lock is per address, not per
# username, so an attacker cannot lock an editor out: the right password from the editor's own
# address works. A username is only slowed down (below).
# Attempts are counted in the database, which every app server shares.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "spacecinema.security.client_address"
AXES_VERBOSE = False
# Every failure is logged, so spacecinema.security can slow repeated ones down before the lock:
# from one address past LOGIN_SLOWDOWN_AFTER failures, for one username (from any address)
# past LOGIN_USERNAME_SLOWDOWN_AFTER; each further failure doubles the wait, up to the maximum.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_SLOWDOWN_AFTER", "3"))
LOGIN_USERNAME_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_USERNAME_SLOWDOWN_AFTER", "10"))
LOGIN_SLOWDOWN_MAX_SECONDS = int(os.environ.get("LOGIN_SLOWDOWN_MAX_SECONDS", "60"))

# The name authenticator apps list a desk account under (spacecinema/two_factor.py).
OTP_TOTP_ISSUER = "Space Cinema newsroom"
# The admin's list of devices (to remove a lost phone's) never shows a key: whoever reads it
# could make the account's codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password reset requests answered with an email, per hour, for one address and from one client.
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))
PASSWORD_RESET_LIMIT_PER_CLIENT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_CLIENT", "10"))

# Email alerts (alerts/): how long a confirmation link works; at most one confirmation email per
# address in each interval; how many requests to follow one client may make in an hour.
ALERTS_CONFIRMATION_DAYS = float(os.environ.get("ALERTS_CONFIRMATION_DAYS", "3"))
ALERTS_CONFIRMATION_INTERVAL_MINUTES = float(
    os.environ.get("ALERTS_CONFIRMATION_INTERVAL_MINUTES", "60")
)
ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR = int(os.environ.get("ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR", "20"))
# Content API requests (/api/v1/) answered per minute to one client address; past it, 429 with
# Retry-After. 0 turns the limit off. Answers served from a cache are not counted.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "120"))

# Mail (password resets): printed to the console unless EMAIL_HOST names an SMTP server.
# Django 6.1's MAILERS, configured from the environment's EMAIL_* variables.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_flag("EMAIL_USE_TLS"),
                "use_ssl": env_flag("EMAIL_USE_SSL"),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    # A site without a mail server still starts (`make serve-prod` runs check --deploy):
    # its reset links go to the server log, as the README says, until EMAIL_HOST is set.
    SILENCED_SYSTEM_CHECKS = ["mail.E001"]

# The outbox (newsroom/outbox.py): a message that fails is tried again after
# OUTBOX_RETRY_SECONDS, then twice as long each time (at most OUTBOX_RETRY_MAX_SECONDS), and is
# marked failed after OUTBOX_MAX_ATTEMPTS tries.
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_RETRY_SECONDS = float(os.environ.get("OUTBOX_RETRY_SECONDS", "30"))
OUTBOX_RETRY_MAX_SECONDS = float(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", "3600"))
# How far back the worker looks for scheduled publications and expiries whose moment passed
# while it was not running: each is announced once.
OUTBOX_ANNOUNCE_LOOKBACK_HOURS = float(os.environ.get("OUTBOX_ANNOUNCE_LOOKBACK_HOURS", "48"))
# Webhooks (articles/webhooks.py): a receiver has this long to answer, each try. Loopback,
# private, link-local and reserved addresses are refused unless allowed here (tests' receivers).
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_flag("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
