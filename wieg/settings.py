"""One settings module; everything that differs between machines comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_set(name: str, default: str) -> frozenset[str]:
    """A comma-separated list of codes."""
    return frozenset(v.strip() for v in os.environ.get(name, default).split(",") if v.strip())


DEBUG = env_bool("WIEG_DEBUG", False)
# HTTPS in front: production. `check --deploy` also refuses the development key (wieg/core/checks.py).
SECURE = env_bool("WIEG_SECURE", False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("WIEG_SECRET_KEY", "")
if not SECRET_KEY:
    if SECURE and not DEBUG:
        # A public key signs sessions and password-reset links: anyone could forge them.
        raise ImproperlyConfigured("WIEG_SECRET_KEY must be set in production (WIEG_SECURE=1).")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [
    h for h in os.environ.get("WIEG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("WIEG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "wieg.core",
    "wieg.accounts",
    "wieg.directory",
    "wieg.care",
    "wieg.pathways",
    "wieg.screening",
    "wieg.referrals",
    "wieg.booklets",
    "wieg.network",
    "wieg.portal",
    "wieg.monitoring",
    "wieg.fhir",
    "wieg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "wieg.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a parameter: a NUL byte or an oversized form is a 4xx on every channel.
    "wieg.core.middleware.RejectUnstorableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wieg.accounts.middleware.SessionTimeoutMiddleware",
    "wieg.accounts.middleware.UserLanguageMiddleware",
    "wieg.directory.middleware.ActorMiddleware",
    "wieg.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "wieg.urls"
WSGI_APPLICATION = "wieg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wieg" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wieg.core.context_processors.navigation",
                "wieg.accounts.context_processors.notifications",
                "wieg.care.context_processors.organisations",
            ],
        },
    },
]

# SQLite under var/ is the zero-set-up default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'wieg.sqlite3'}",
        conn_max_age=int(os.environ.get("WIEG_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An OLTP application: PostgreSQL's JIT compiler overestimates the short queries on one caseload
    # (an array of a caseload's ids) and spends 20-150 ms compiling them. See docs/adr/0009.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Monitoring reads may go to a streaming replica (wieg/monitoring/routers.py); nothing else does.
if os.environ.get("WIEG_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["WIEG_REPLICA_DATABASE_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["wieg.monitoring.routers.MonitoringReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Pages load their sections in parallel and each read writes an access event: writers must wait
    # for each other (IMMEDIATE) instead of failing with "database is locked", and WAL lets readers go on.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file, not memory: the browser tests' live server then has connections of its own and
    # waits for locks like production does, instead of sharing one connection across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-wieg.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "wieg.accounts.adapters.ClosedAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Wieg"
# Professionals and administrators (staff) must set up a second factor when this is on (production).
WIEG_REQUIRE_MFA = env_bool("WIEG_REQUIRE_MFA", False)
# Failed logins: at most 10 a minute from one address, 5 in 5 minutes for one account (a success does not
# count). The counts live in the shared cache below, so every web process sees the same ones; an attack on
# one account keeps its owner out for 5 minutes after the last failure, not longer.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,{limit}/{minutes}m/key".format(
        limit=int(os.environ.get("WIEG_LOGIN_ATTEMPTS_LIMIT", "5")),
        minutes=int(os.environ.get("WIEG_LOGIN_ATTEMPTS_MINUTES", "5")),
    )
}
# Behind a load balancer the client's address is the n-th from the right in X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("WIEG_TRUSTED_PROXY_COUNT", "0"))
# API bearer tokens expire; their owner lists and revokes them (/accounts/tokens/, /api/v1/me/tokens).
WIEG_API_TOKEN_DAYS = int(os.environ.get("WIEG_API_TOKEN_DAYS", "90"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Français")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "wieg_language"
LOCALE_PATHS = [BASE_DIR / "wieg" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production runs collectstatic and sets WIEG_MANIFEST_STATIC=1 for cache-busting file names.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("WIEG_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# "shared" is in the database, so that every web process sees the same login-throttling counts and used
# TOTP codes (allauth keeps them in a cache: wieg/accounts/apps.py points it here). The migration
# wieg/core/migrations creates its table.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wieg_shared_cache"},
}

EMAIL_BACKEND = os.environ.get("WIEG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("WIEG_FROM_EMAIL", "wieg@localhost")

SESSION_COOKIE_HTTPONLY = True
# A session ends after 30 minutes without a request, and 8 hours after signing in whatever happens.
WIEG_SESSION_IDLE_MINUTES = int(os.environ.get("WIEG_SESSION_IDLE_MINUTES", "30"))
WIEG_SESSION_MAX_HOURS = int(os.environ.get("WIEG_SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_AGE = 60 * 60 * WIEG_SESSION_MAX_HOURS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come from our own static files only: no inline script, no inline style, no eval.
# The MFA set-up page shows its QR code as a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
if SECURE:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Care rules that policy may change: configuration, not constants in code.
WIEG_BREAK_GLASS_HOURS = int(os.environ.get("WIEG_BREAK_GLASS_HOURS", "4"))
WIEG_BREAK_GLASS_MIN_REASON = 20
# Who may break the glass: disciplines that give urgent care (physicians, midwives, nurses), acting for an
# organisation that treats (docs/adr/0004). Comma-separated codes of directory.Discipline/OrganisationKind.
WIEG_BREAK_GLASS_DISCIPLINES = env_set(
    "WIEG_BREAK_GLASS_DISCIPLINES", "gp,gynaecologist,paediatrician,midwife,nurse"
)
WIEG_BREAK_GLASS_ORGANISATION_KINDS = env_set(
    "WIEG_BREAK_GLASS_ORGANISATION_KINDS",
    "gp_practice,gynaecology,paediatrics,maternity_ward,nicu,midwife_practice",
)
# An opening not reviewed within this many working days is escalated to the regional reviewers.
WIEG_BREAK_GLASS_REVIEW_DAYS = int(os.environ.get("WIEG_BREAK_GLASS_REVIEW_DAYS", "3"))

# Never let a national number or a note reach a log line: we log request paths and ids only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WIEG_LOG_LEVEL", "WARNING")},
}

# --- Invitations, text messages and the government login --------------------------------------------------
# Parents get into Wieg by an invitation from their coordinator (e-mail, text message or a printed letter
# with a code), or through the federal login (CSAM: itsme or eID), an OpenID Connect provider that returns
# the national number. Password login stays.
WIEG_INVITATION_DAYS = int(os.environ.get("WIEG_INVITATION_DAYS", "7"))
# Links in e-mails, text messages and letters; pages and the API use the address they were reached at.
WIEG_PUBLIC_URL = os.environ.get("WIEG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Text messages go through a backend like Django's e-mail: console (the demo), locmem (tests) or http.
WIEG_SMS_BACKEND = os.environ.get("WIEG_SMS_BACKEND", "wieg.core.sms.backends.console.SmsBackend")
WIEG_SMS_HTTP_URL = os.environ.get("WIEG_SMS_HTTP_URL", "")
WIEG_SMS_HTTP_TOKEN = os.environ.get("WIEG_SMS_HTTP_TOKEN", "")
WIEG_SMS_SENDER = os.environ.get("WIEG_SMS_SENDER", "Wieg")
WIEG_SMS_TIMEOUT = float(os.environ.get("WIEG_SMS_TIMEOUT", "10"))

INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_ADAPTER = "wieg.portal.government_login.GovernmentLoginAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
# The claim that carries the national number (FAS/CSAM: egovNRN), and the scope that releases it.
WIEG_OIDC_NATIONAL_NUMBER_CLAIM = os.environ.get("WIEG_OIDC_NATIONAL_NUMBER_CLAIM", "egovNRN")
WIEG_OIDC_PROVIDER_ID = os.environ.get("WIEG_OIDC_PROVIDER_ID", "csam")


def government_login_providers(
    *,
    server_url: str,
    client_id: str,
    secret: str,
    name: str = "itsme / eID",
    scope: str = "openid profile egovnrn",
    pkce: bool = True,
    provider_id: str = WIEG_OIDC_PROVIDER_ID,
) -> dict:
    """SOCIALACCOUNT_PROVIDERS for one OpenID Connect provider (tests build it for their own provider)."""
    if not server_url:
        return {}
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": server_url,
                        "scope": scope.split(),
                        "oauth_pkce_enabled": pkce,
                    },
                }
            ]
        }
    }


# Off unless WIEG_OIDC_SERVER_URL is set: then the login page offers the government login.
SOCIALACCOUNT_PROVIDERS = government_login_providers(
    server_url=os.environ.get("WIEG_OIDC_SERVER_URL", ""),
    client_id=os.environ.get("WIEG_OIDC_CLIENT_ID", ""),
    secret=os.environ.get("WIEG_OIDC_CLIENT_SECRET", ""),
    name=os.environ.get("WIEG_OIDC_NAME", "itsme / eID"),
    scope=os.environ.get("WIEG_OIDC_SCOPE", "openid profile egovnrn"),
    pkce=env_bool("WIEG_OIDC_PKCE", True),
)
# --- end of invitations and government login ----------------------------------------------------------------

# Retention (docs/operations.md): a closed trajectory's personal data is pseudonymised this many days after
# its day 1000 (GDPR art. 5(1)(e), storage limitation); the access log is kept, as the proof of who read what.
WIEG_RETENTION_DAYS_AFTER_DAY_1000 = int(os.environ.get("WIEG_RETENTION_DAYS_AFTER_DAY_1000", "730"))
