"""Settings shared by every environment, read from the environment.

Defaults are safe for a developer laptop: a SQLite file under `var/`. Set
`DATABASE_URL` (e.g. postgres://user@host:5432/newsroom) to use PostgreSQL.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy

# The project package (newsroom/): its templates and configuration files
# travel in the wheel. BASE_DIR is the checkout, or site-packages when the
# project is installed from a wheel; run-time files go to NEWSROOM_VAR_DIR.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env.str("NEWSROOM_VAR_DIR", default=str(BASE_DIR / "var")))
# SQLite creates its file but not the folder; on a fresh clone `var/` is absent.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# No default here: dev.py and test.py supply throwaway keys, prod.py demands one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    "editing",
    "people",
    # Before haystack: its update_index/rebuild_index (batched, resumable,
    # with a progress bar) replace haystack's own.
    "search",
    "haystack",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: decides which database the request's reads use.
    "newsroom.db_router.PrimaryPinMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL in any parameter is a 400 before anything reads it (SECURITY.md).
    "newsroom.middleware.BadInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the reader chose English with the header's switch (a
    # cookie); API clients may ask with Accept-Language. Before common.
    "newsroom.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.throttling.LoginThrottleMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an ingest writes; IMMEDIATE takes the write
    # lock at BEGIN, so concurrent writers wait instead of failing mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
# Persistent connections: opening one per request costs more than most API
# reads (a cached response is one indexed query).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


def _postgresql(database: dict) -> dict:
    """A PostgreSQL database's engine and options: newsroom.postgresql (Django's
    backend, with a health check that does not wait on the server), and the
    prepared statements below."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "newsroom.postgresql"
        _prepared_statements(database)
    return database


def _prepared_statements(database: dict) -> None:
    """psycopg may prepare the statements that newsroom.prepared asks it to
    (the API's article reads: planning them costs PostgreSQL more than running
    them). Django turns psycopg's preparing off (prepare_threshold None) for
    the sake of poolers; its own cursors bind client-side and are never
    prepared whatever the threshold. DATABASE_PREPARED_STATEMENTS=false
    behind a pooler that cannot keep prepared statements (PgBouncer in
    transaction mode before 1.21, or without max_prepared_statements)."""
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)


_postgresql(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English available. Every msgid is English; the catalogues
# (zh_Hans, en) are in newsroom/locale, made by `python -m newsroom.translations`
# (README "Translations").
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("NEWSROOM_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Page images (articles.PageSource.image) go to Django's default storage: the
# file system under var/ unless STORAGES says otherwise (README: S3).
MEDIA_ROOT = Path(env.str("NEWSROOM_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# The project's own static files (favicon), beside the apps' ones.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

REST_FRAMEWORK = {
    # Tokens for scripts and other systems; the session for the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["newsroom.api.permissions.ReadOnlyOrEditor"],
    # DRF's JSON, written by orjson (newsroom/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "newsroom.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Only anonymous harvesting is throttled; editors' scripts are not.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("NEWSROOM_API_ANON_RATE", default="120/minute")
    },
    "EXCEPTION_HANDLER": "newsroom.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # In the reader's language, as every description of the schema.
    "TITLE": gettext_lazy("Newsroom API"),
    "DESCRIPTION": gettext_lazy(
        "The newspaper archive: issues, pages, articles, text blocks, people and "
        "organisations; exports; editors' corrections."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc served from our static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Nothing from outside: Swagger UI's validator badge is an image from
    # validator.swagger.io; Redoc's default fonts come from Google (our
    # template drops them, these settings name local ones). Deep links put a
    # link inside each operation's toggle button (nested interactive
    # controls, WCAG 4.1.2); the toggle alone is enough.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": 'system-ui, "Noto Sans CJK SC", sans-serif',
                "headings": {"fontFamily": 'system-ui, "Noto Sans CJK SC", sans-serif'},
                "code": {"fontFamily": "ui-monospace, monospace"},
            }
        }
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsroom.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.api.serializers.ARTICLE_KINDS",
        "BlockKindEnum": "articles.api.serializers.BLOCK_KINDS",
    },
}

# One cache shared by all the server's workers (e.g. redis://…, memcached://…,
# filecache:///var/cache/newsroom) lets a response cached by one serve them
# all; the default, local memory, is per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Newsroom
# API responses are cached per archive revision, which every writing service
# bumps; this only bounds how long a write bypassing the services (raw SQL,
# a bare ORM update in a shell) can go unseen.
NEWSROOM_API_CACHE_SECONDS = env.int("NEWSROOM_API_CACHE_SECONDS", default=300)
# What is specific to one paper (masthead patterns, rubrics) is configuration.
NEWSROOM_PUBLICATIONS_FILE = PACKAGE_DIR / "publications.toml"
# A page of OCR text is ~20 KB; anything much larger is not a page.
NEWSROOM_MAX_SOURCE_BYTES = env.int("NEWSROOM_MAX_SOURCE_BYTES", default=2 * 1024**2)
# A PDF or a scan of a page (facsimile) may be far larger than its text.
NEWSROOM_MAX_PAGE_FILE_BYTES = env.int(
    "NEWSROOM_MAX_PAGE_FILE_BYTES", default=200 * 1024**2
)

# A front page has ~300 lines and ~15 articles; far more is not a page, and
# would make its page view and workbench slow for everyone (SECURITY.md).
NEWSROOM_MAX_PAGE_LINES = env.int("NEWSROOM_MAX_PAGE_LINES", default=5000)
NEWSROOM_MAX_PAGE_ARTICLES = env.int("NEWSROOM_MAX_PAGE_ARTICLES", default=500)
# Articles one page view, one page of an issue view or one workbench window
# renders; more are paginated (`?p=`, the workbench's `?part=`).
NEWSROOM_RENDER_ARTICLES = env.int("NEWSROOM_RENDER_ARTICLES", default=100)

# Failed logins (admin, API token) allowed per account and per address in
# a window of NEWSROOM_LOGIN_WINDOW seconds before a 429 (newsroom.throttling).
NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT = env.int(
    "NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT", default=10
)
NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = env.int(
    "NEWSROOM_LOGIN_FAILURES_PER_ADDRESS", default=30
)
NEWSROOM_LOGIN_WINDOW = env.int("NEWSROOM_LOGIN_WINDOW", default=15 * 60)
# Behind a proxy that puts the client's address in a header, its META name
# (e.g. HTTP_X_REAL_IP); otherwise REMOTE_ADDR is the client.
NEWSROOM_CLIENT_ADDRESS_HEADER = env.str("NEWSROOM_CLIENT_ADDRESS_HEADER", default="")

# Content-Security-Policy (django-csp): no inline script anywhere, no origin
# but our own. Inline style stays allowed: the reading site's base template
# and Redoc (styled-components) write <style>, and style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # Redoc parses the schema in a web worker made from a blob.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Search: haystack is the interface; the default engine is the database's own
# full-text search (SQLite FTS5 / PostgreSQL tsvector), see search/backends/.
# HAYSTACK_URL=elasticsearch://host:9200/newsroom switches to haystack's stock
# Elasticsearch backend (README: "Search on Elasticsearch").
_search_url = env.str("HAYSTACK_URL", default="")
if _search_url.startswith(("elasticsearch://", "http://", "https://")):
    _es_url = _search_url.replace("elasticsearch://", "http://", 1)
    _es_base, _, _es_index = _es_url.rstrip("/").rpartition("/")
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": env.str(
                "HAYSTACK_ENGINE",
                default="haystack.backends.elasticsearch7_backend"
                ".Elasticsearch7SearchEngine",
            ),
            "URL": _es_base,
            "INDEX_NAME": _es_index or "newsroom",
        }
    }
else:
    HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "search.backends.DatabaseSearchEngine"}
    }
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 10
# Index an edited object right after its transaction commits (a durable queue
# row is written inside it). Bulk loads may set 0 and run update_index after.
NEWSROOM_SEARCH_ON_COMMIT = env.bool("NEWSROOM_SEARCH_ON_COMMIT", default=True)
# On PostgreSQL, index the search text with the RUM access method when the
# server has the extension (Debian: postgresql-15-rum): relevance is ranked in
# the index, over every match. Off by default: measured (bench/search.py
# --postgres-index rum,gin), GIN with a bounded window of ranked matches
# builds faster and answers phrases faster; RUM two-word queries at p50.
NEWSROOM_SEARCH_RUM = env.bool("NEWSROOM_SEARCH_RUM", default=False)

# Queued ingest (`manage.py ingest PATH --queue`, `celery -A newsroom worker`):
# RabbitMQ carries one message per file; progress lives in the database
# (IngestRun, IngestRunFile), so no result backend is needed (CELERY_RESULT_BACKEND
# may name one, e.g. redis://127.0.0.1:6379/0, for Celery's own monitoring).
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default="amqp://guest:guest@127.0.0.1:5672//"
)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Acknowledge a message only once its task has committed, take one at a time,
# and give a message back when its worker dies: a worker killed mid-page loses
# nothing (its transaction rolls back) and another worker redoes the page.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue the ingest's tasks go to and workers read (one per archive, or per
# test run so that parallel runs on one broker do not take each other's tasks).
NEWSROOM_INGEST_QUEUE = env.str("NEWSROOM_INGEST_QUEUE", default="newsroom-ingest")
CELERY_TASK_DEFAULT_QUEUE = NEWSROOM_INGEST_QUEUE

# Read replicas (newsroom.db_router): DATABASE_REPLICA_URLS, comma-separated,
# serve the reads of anonymous safe requests (public site, API GETs, search);
# writes, editors and everything outside a request use the primary.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
for _number, _url in enumerate(DATABASE_REPLICA_URLS):
    DATABASES[f"replica_{_number}"] = _postgresql(
        {
            **environ.Env.db_url_config(_url),
            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
            "CONN_HEALTH_CHECKS": True,
            # Tests see one database: a replica is the primary under another name.
            "TEST": {"MIRROR": "default"},
        }
    )
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
# After a write, the writer's browser reads the primary for this long (its own
# change is there, perhaps not yet on a replica).
NEWSROOM_PRIMARY_PIN_SECONDS = env.int("NEWSROOM_PRIMARY_PIN_SECONDS", default=10)
