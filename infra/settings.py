"""Asal settings: the one place that reads the environment.

Every value that differs between a laptop and production comes from an
environment variable documented in the README. The embedded defaults give a
working demo shop with nothing installed: SQLite under ``var/``, media under
``var/media/``, console e-mail, Celery eager, local-memory cache. Production
(``ASAL_ENV=production``) refuses to start without its secrets.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


ASAL_ENV = env_str("ASAL_ENV", "development")
IS_PRODUCTION = ASAL_ENV == "production"
VAR_DIR = Path(env_str("ASAL_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _generated_secret(filename: str) -> str:
    """Return a secret persisted under var/, creating it once (embedded demo only)."""
    if IS_PRODUCTION:
        raise ImproperlyConfigured(f"{filename} must come from the environment in production.")
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY") or ("" if IS_PRODUCTION else _generated_secret("secret_key"))
DEBUG = env_bool("DJANGO_DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # --- admin: the cooperative's web admin (infra/admin/), registered on its own site, no autodiscovery
    "django.contrib.admin.apps.SimpleAdminConfig",
    # --- end admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "storages",
    "strawberry_django",
    "storefront.core",
    "storefront.accounts",
    "payments",
    "provenance.origins",
    "storefront.channels",
    "storefront.catalog",
    "storefront.inventory",
    "storefront.shipping",
    "provenance.certificates",
    "storefront.discounts",
    "storefront.checkout",
    "storefront.orders",
    "storefront.marketing",
    "graphql_schema",
    "infra.demo",
    # Pages, page types and menus (issue 12).
    "storefront.content",
]

MIDDLEWARE = [
    # First, so that nothing below reads an X-Forwarded-Proto that no trusted proxy vouched for.
    "infra.security.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (GraphiQL's bundles, page styles) straight after the security headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infra.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # --- admin: /admin/ speaks each staff member's language (User.language_code), else the browser's
    "infra.admin.locale.AdminLocaleMiddleware",
    # --- end admin
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "infra.urls"
WSGI_APPLICATION = "infra.wsgi.application"
ASGI_APPLICATION = "infra.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # infra's own pages: the landing page, and GraphiQL's page (strawberry renders
        # graphql/graphiql.html when a template of that name exists).
        "DIRS": [BASE_DIR / "infra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'asal.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
# Pooled connections (README "Deployment"): each worker process keeps a psycopg pool and a request
# borrows a connection from it and gives it back at its end, instead of connecting (TCP, auth and
# backend start-up) per request. On by default in production on PostgreSQL; a pool excludes
# Django's persistent connections (``DB_CONN_MAX_AGE``), which ASGI would not reuse anyway.
DB_POOL = env_bool(
    "DB_POOL", IS_PRODUCTION and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
)
if DB_POOL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DB_POOL needs a PostgreSQL DATABASE_URL.")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DB_POOL and DB_CONN_MAX_AGE exclude each other: set one.")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        # A gunicorn sync worker runs one request at a time: one connection kept open, more only
        # for a thread a request starts or an ASGI worker's overlap, closed after ``max_idle``.
        "min_size": env_int("DB_POOL_MIN_SIZE", 1),
        "max_size": env_int("DB_POOL_MAX_SIZE", 4),
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
        "max_idle": 300,
    }
# Server-side prepared statements for the catalogue's kept statements (storefront.catalog.sql
# ``prepared``: planned once per connection, not per request). psycopg's prepare threshold is set
# out of reach, so only those, prepared explicitly, are; every other statement is bound on the
# client as Django does. Their plans are generic (``plan_cache_mode``, which concerns prepared
# statements only, and PL/pgSQL's: the listed counter trigger's primary-key updates): PostgreSQL's
# own choice keeps replanning a listing's page, whose generic plan is the same and runs as fast.
# Off behind a pooler that cannot keep them (PgBouncer's transaction mode before 1.21, or one
# refusing the ``options`` start-up parameter).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARED_STATEMENTS:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["prepare_threshold"] = 2**62
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
# Test a pooled or persistent connection before a request uses it: a restarted database server
# or a dropped idle connection costs a reconnect, not a failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = bool(DB_POOL or DATABASES["default"]["CONN_MAX_AGE"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo: runserver's threads write (thumbnails on first view) while others read.
    # WAL lets readers go on during a write and makes a commit one append instead of two syncs;
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue (timeout)
    # instead of one failing with "database is locked" halfway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
JWT_ACCESS_TTL_SECONDS = env_int("JWT_ACCESS_TTL_SECONDS", 300)
JWT_REFRESH_TTL_SECONDS = env_int("JWT_REFRESH_TTL_SECONDS", 30 * 24 * 3600)
# Registration asks the buyer to follow a link sent by e-mail before the first login (Saleor's
# ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL).
ACCOUNT_CONFIRMATION_REQUIRED = env_bool("ACCOUNT_CONFIRMATION_REQUIRED", True)
# Lifetime of the one-time links of account e-mails (confirmation, password reset, deletion).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("id", "Bahasa Indonesia")]
TIME_ZONE = "UTC"
USE_I18N = True
# --- admin: Asal's own strings of the admin (infra/locale/id/LC_MESSAGES/django.po, its .mo committed)
LOCALE_PATHS = [BASE_DIR / "infra" / "locale"]
# --- end admin
USE_TZ = True

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# GraphiQL's bundles, installed from the npm registry with their integrity hashes by `make graphiql`
# (infra/graphiql/package-lock.json) into this ignored folder, and infra's own scripts and styles.
GRAPHIQL_ASSETS_DIR = BASE_DIR / "infra" / "graphiql" / "dist"
STATICFILES_DIRS = [BASE_DIR / "infra" / "static", ("graphiql", GRAPHIQL_ASSETS_DIR)]
# WhiteNoise serves static files in every environment (uvicorn serves none), straight from the
# finders: a handful of files, so no collectstatic step is needed in the image or in `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = VAR_DIR / "private-media"

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _s3_common = {
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_common,
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
                "querystring_auth": False,
                "default_acl": env_str("AWS_DEFAULT_ACL") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_common,
                "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME or AWS_STORAGE_BUCKET_NAME,
                "location": "" if AWS_PRIVATE_STORAGE_BUCKET_NAME else "private",
                "querystring_auth": True,
                "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
                "default_acl": "private",
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
# Largest upload the media service accepts, in bytes.
MEDIA_MAX_UPLOAD_BYTES = env_int("MEDIA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# --- media: orphan sweep (issue 10) ---
# A stored media file no row references is deleted by the beat sweep once it is this old; younger
# ones may belong to an upload whose transaction has not committed yet.
MEDIA_ORPHAN_MIN_AGE_HOURS = env_int("MEDIA_ORPHAN_MIN_AGE_HOURS", 24)
# --- end media ---

# --- Cache, Celery ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # The test run's backend clears only its own keys (tests/cache.py, set by tests/testenv.py).
            "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.redis.RedisCache"),
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- cache: public catalogue responses (graphql_schema/core/response_cache.py)
# Seconds a public catalogue query's response is kept in the cache; every catalogue write forgets
# them all at once, so this only bounds memory and clock-driven changes (lapsed reservations). 0 disables.
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 300)
# ``Cache-Control: public, max-age`` of a public GET response: what a CDN or browser may keep
# without asking again (it cannot be told of a write, so keep it short). 0 sends ``no-store``.
RESPONSE_CACHE_HTTP_MAX_AGE = env_int("RESPONSE_CACHE_HTTP_MAX_AGE", 30)
# Seconds a filtered list's exact ``totalCount`` (a category, a price range, a search) is kept for the
# catalogue's generation, whether or not responses are cached (storefront/catalog/sql.py ``CountOf``):
# every catalogue write, and the next scheduled publication, counts afresh; so this only bounds
# memory. Kept in the cache above: without REDIS_URL each process keeps its own. 0 counts every time.
CATALOGUE_COUNT_SECONDS = env_int("CATALOGUE_COUNT_SECONDS", 3600)
# How many of a buyer's search's first matches (ids and ranks, in the list's order) are kept beside
# its count, for the same catalogue generation (graphql_schema/core/relay.py ``kept_order``): a page
# within them reads only its own rows by id. 0 ranks every match on every request.
SEARCH_KEPT_MATCHES = env_int("SEARCH_KEPT_MATCHES", 500)
# --- end cache
# --- GraphQL: queries run through a compiled plan per selection (graphql_schema/core/compiled.py);
# False sends every operation through graphql-core's standard executor.
GRAPHQL_COMPILED_EXECUTION = env_bool("GRAPHQL_COMPILED_EXECUTION", True)

# The Celery application, imported on a task's first use (storefront/core/tasks.py).
TASKS_APP = "infra.celery.app"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL.startswith(("redis", "amqp"))
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    # Webhook deliveries that a worker lost or whose retries ran out during an outage.
    "payments-webhook-deliveries-retry": {
        "task": "payments.tasks.webhook_deliveries_retry",
        "schedule": 300.0,
    },
    # Paid checkouts that no browser and no payment event completed (a worker died, a task was
    # lost, a refund failed): completed, or refunded when their goods sold out.
    "checkout-paid-complete": {
        "task": "storefront.checkout.tasks.checkouts_paid_complete",
        "schedule": 300.0,
    },
    # Expired checkout reservations are ignored when stock is counted; this only tidies the table.
    "inventory-reservations-expired-delete": {
        "task": "storefront.inventory.tasks.reservations_expired_delete",
        "schedule": 600.0,
    },
    # --- media: orphan sweep (issue 10) ---
    # Stored media files no row references (a rolled-back outer transaction, a killed worker, a
    # deleted product's photos), deleted once older than MEDIA_ORPHAN_MIN_AGE_HOURS.
    "catalog-media-orphans-sweep": {
        "task": "storefront.catalog.media.tasks.media_orphans_sweep",
        "schedule": 3600.0,
    },
    # --- end media ---
    # --- promotions (issue 12) ---
    # Catalogue promotions that started or ended: their products' discounted prices recomputed.
    "discounts-promotions-dates": {
        "task": "storefront.discounts.tasks.promotions_dates_task",
        "schedule": 60.0,
    },
    # --- end promotions ---
}
# --- reach: product feeds, newsletter, abandoned checkout reminders (issue 12) ---
CELERY_BEAT_SCHEDULE |= {
    # Google Merchant Center and Meta catalogue feeds of every channel and language.
    "marketing-feeds-generate": {
        "task": "storefront.marketing.feeds.tasks.feeds_generate_all_task",
        "schedule": 3600.0,
    },
    # One reminder e-mail for carts left with an e-mail and lines (ASAL_ABANDONED_CHECKOUT_DELAY).
    "checkout-abandoned-reminders": {
        "task": "storefront.checkout.reminders.abandoned_checkouts_remind_task",
        "schedule": 600.0,
    },
}
# Task modules outside an app's ``tasks.py`` (Celery's autodiscovery reads only those).
CELERY_IMPORTS = (
    "storefront.marketing.feeds.tasks",
    "storefront.marketing.newsletter_tasks",
    "storefront.checkout.reminders",
)
# The g:brand / brand of the product feeds.
ASAL_FEED_BRAND = env_str("ASAL_FEED_BRAND", "Asal")
# Seconds a checkout with an e-mail and lines stays untouched before its one reminder (3 h).
ASAL_ABANDONED_CHECKOUT_DELAY = env_int("ASAL_ABANDONED_CHECKOUT_DELAY", 3 * 3600)
# Checkouts older than this (seconds) get no reminder any more (a week).
ASAL_ABANDONED_CHECKOUT_MAX_AGE = env_int("ASAL_ABANDONED_CHECKOUT_MAX_AGE", 7 * 24 * 3600)
# The storefront page the reminder links back to: {channel}, {token} and {checkout_id} (the global ID).
STOREFRONT_CART_PATH = env_str("STOREFRONT_CART_PATH", "/checkout?checkout={checkout_id}")
# --- end reach ---

# --- E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Asal <shop@localhost>")

# --- Shop -------------------------------------------------------------------------
# Public base URL of this deployment, used for absolute media and certificate URLs.
PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
SHOP_NAME = env_str("SHOP_NAME", "Asal — Lombok crafts from their makers")
SHOP_DEFAULT_COUNTRY = env_str("SHOP_DEFAULT_COUNTRY", "ID")
# Hosts whose pages account e-mails may link to (the storefronts' redirectUrl), as Django host
# patterns; anything else is refused, so the shop's e-mails never point at a stranger's site.
ALLOWED_CLIENT_HOSTS = env_list(
    "ALLOWED_CLIENT_HOSTS",
    ",".join(
        [urlsplit(PUBLIC_URL).hostname or "", *([] if IS_PRODUCTION else ["localhost", "127.0.0.1"])]
    ).strip(","),
)

# --- Campaigns (storefront/marketing) ---------------------------------------------
# Where /c/<code> links send visitors: the storefront's base URL and its page paths ({channel} and
# {slug} filled in). The defaults are Saleor's storefront's paths on this server (the demo has no
# storefront pages of its own; its landing page is the home).
STOREFRONT_URL = env_str("STOREFRONT_URL", PUBLIC_URL).rstrip("/")
STOREFRONT_HOME_PATH = env_str("STOREFRONT_HOME_PATH", "/")
STOREFRONT_PRODUCT_PATH = env_str("STOREFRONT_PRODUCT_PATH", "/{channel}/products/{slug}")
STOREFRONT_COLLECTION_PATH = env_str("STOREFRONT_COLLECTION_PATH", "/{channel}/collections/{slug}")
STOREFRONT_CATEGORY_PATH = env_str("STOREFRONT_CATEGORY_PATH", "/{channel}/categories/{slug}")
# A request header naming the visitor's country that the operator's CDN sets and overwrites
# (e.g. CF-IPCountry); empty: visits are recorded without a country (a client can send any header).
CAMPAIGN_COUNTRY_HEADER = env_str("CAMPAIGN_COUNTRY_HEADER", "")

# --- Checkout ---------------------------------------------------------------------
# How long adding or raising a checkout line holds its stock for that buyer (Saleor's default 20).
CHECKOUT_RESERVATION_MINUTES = env_int("CHECKOUT_RESERVATION_MINUTES", 20)
# The most of one variant a checkout line may hold (Saleor's MAX_CHECKOUT_LINE_QUANTITY: beyond it
# QUANTITY_GREATER_THAN_LIMIT).
CHECKOUT_LINE_QUANTITY_LIMIT = env_int("CHECKOUT_LINE_QUANTITY_LIMIT", 50)

# --- Payments ---------------------------------------------------------------------
# Stripe (the card gateway): all four come from the Stripe dashboard; STRIPE_API_BASE points the
# official library at another server (the tests' Stripe-shaped one), empty for Stripe itself.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
# Saleor's dummy payment app: on by default where Stripe is not configured and not in production,
# so the demo shop takes (pretend) payments out of the box; never a default in production.
PAYMENT_DUMMY_ENABLED = env_bool("PAYMENT_DUMMY_ENABLED", not STRIPE_SECRET_KEY and not IS_PRODUCTION)
# The gateway classes this deployment offers (each channel may narrow the list).
PAYMENT_GATEWAYS = env_list(
    "PAYMENT_GATEWAYS",
    ",".join(
        [
            *(["payments.stripe.gateway.StripeGateway"] if STRIPE_SECRET_KEY else []),
            *(["payments.dummy.DummyGateway"] if PAYMENT_DUMMY_ENABLED else []),
        ]
    ),
)
# The one function told of every recorded transaction event: it completes paid checkouts and
# updates orders (payments imports no other domain; the composition root connects them here).
PAYMENT_EVENT_HANDLER = "storefront.checkout.payment_events.transaction_changed"

# --- Provenance -------------------------------------------------------------------
# The cooperative's did:web domain (and optional path, colon-separated), independent of the
# port the demo listens on: did:web:<ASAL_DID_DOMAIN>.
ASAL_DID_DOMAIN = env_str("ASAL_DID_DOMAIN", "localhost")
# Encrypts signing keys at rest. The embedded demo generates one under var/; production requires it.
ASAL_KEY_ENCRYPTION_SECRET = env_str("ASAL_KEY_ENCRYPTION_SECRET") or (
    "" if IS_PRODUCTION else _generated_secret("key_encryption_secret")
)
# Optional: the signing key's private key itself (multibase Ed25519 secret key), instead of the database.
ASAL_SIGNING_KEY = env_str("ASAL_SIGNING_KEY")
# Serial prefix printed on tags, e.g. LYK for Loyok.
ASAL_SERIAL_PREFIX = env_str("ASAL_SERIAL_PREFIX", "ASL")
# Issuers (DIDs) besides the cooperative's own whose certificates verify as genuine here.
ASAL_TRUSTED_ISSUERS = env_list("ASAL_TRUSTED_ISSUERS")

# --- GraphQL limits -----------------------------------------------------------------
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 15)
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 50000)
GRAPHQL_MAX_PAGE_SIZE = 100
# Per operation: root fields, aliases, and selections nested through fragments; per request: mutations.
GRAPHQL_MAX_ROOT_FIELDS = 20
GRAPHQL_MAX_ALIASES = 50
GRAPHQL_MAX_NESTING = 50
GRAPHQL_MAX_MUTATIONS = 5
# The largest multipart (upload) request /graphql/ reads: ten photos at the media limit, plus the form.
# Other request bodies are bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
GRAPHQL_MAX_UPLOAD_BYTES = env_int("GRAPHQL_MAX_UPLOAD_BYTES", 10 * MEDIA_MAX_UPLOAD_BYTES + 1024 * 1024)

STRAWBERRY_DJANGO = {
    "FIELD_DESCRIPTION_FROM_HELP_TEXT": True,
    "TYPE_DESCRIPTION_FROM_MODEL_DOCSTRING": False,
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": False,
    "PAGINATION_DEFAULT_LIMIT": 100,
}


# --- HTTPS, proxies and headers ---------------------------------------------------------
def _trusted_proxies() -> list[str]:
    networks = []
    for entry in env_list("ASAL_TRUSTED_PROXIES"):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            # "*" and host names are refused too: trusting every peer lets any client pick its address.
            raise ImproperlyConfigured(
                f"ASAL_TRUSTED_PROXIES: {entry!r} is not an IP address or network (CIDR)."
            ) from None
    return networks


# The reverse proxies and load balancers in front of the app, whose X-Forwarded-For and
# X-Forwarded-Proto are believed: read by storefront.core.http.client_address (rate limits), by
# infra.security.ForwardedProtoMiddleware, and handed to uvicorn by infra/serve.py.
TRUSTED_PROXIES = _trusted_proxies()
# Believed only when a trusted proxy sent it (ForwardedProtoMiddleware drops it otherwise).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if IS_PRODUCTION else None
SECURE_SSL_REDIRECT = IS_PRODUCTION
# Load balancers probe health over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("ASAL_HSTS_SECONDS", 365 * 24 * 3600 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload (`check --deploy` W021) is a decision about the cooperative's whole registered
    # domain, not this app's: a preloaded domain and every subdomain are HTTPS-only in browsers for
    # months after leaving the list, and the shop usually lives on one subdomain of it.
    "security.W021",
]


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _media_origins() -> list[str]:
    """Where public images come from, besides this origin: certificates name them by absolute URL
    (under PUBLIC_URL, or on the bucket or its CDN), and the item page shows them."""
    origins = [_origin(PUBLIC_URL), _origin(MEDIA_URL)]
    if AWS_STORAGE_BUCKET_NAME:
        custom_domain = env_str("AWS_S3_CUSTOM_DOMAIN")
        endpoint = env_str("AWS_S3_ENDPOINT_URL")
        if custom_domain:
            origins.append(f"https://{custom_domain}")
        elif endpoint:
            origins.append(_origin(endpoint))
        else:
            origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
            region = env_str("AWS_S3_REGION_NAME")
            if region:
                origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com")
    return sorted({origin for origin in origins if origin})


# The Content-Security-Policy of every HTML page (infra.security.ContentSecurityPolicyMiddleware):
# scripts and styles from this origin only, never inline. A template that needs an inline block
# marks it with nonce="{{ request.csp_nonce }}", and the nonce joins script-src and style-src.
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *_media_origins()],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# What production cannot run without; each reason is what goes wrong when it is left out.
_PRODUCTION_REQUIRES = {
    "DJANGO_SECRET_KEY": "it signs sessions and API tokens",
    "DATABASE_URL": "the embedded SQLite file is for the demo",
    "ASAL_KEY_ENCRYPTION_SECRET": (
        "it encrypts signing keys and claim secrets at rest, even with ASAL_SIGNING_KEY set "
        "(without it they would be encrypted with a key anyone can derive)"
    ),
    "REDIS_URL": "rate limits and caches must be shared by every worker, not kept per process",
}
if STRIPE_SECRET_KEY:
    _PRODUCTION_REQUIRES |= {
        "STRIPE_PUBLISHABLE_KEY": "the buyer's browser needs it to show Stripe's card form",
        "STRIPE_WEBHOOK_SECRET": (
            "without it no webhook can be verified, and a buyer who closes the tab loses the order"
        ),
    }
if IS_PRODUCTION:
    _missing = [name for name in _PRODUCTION_REQUIRES if not env_str(name)]
    if _missing:
        raise ImproperlyConfigured(
            "Production (ASAL_ENV=production) refuses to start without "
            + "; ".join(f"{name}: {_PRODUCTION_REQUIRES[name]}" for name in _missing)
            + "."
        )
