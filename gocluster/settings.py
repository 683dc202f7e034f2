"""Settings of the go-cluster portal: one module, driven by the environment.

Two environments, chosen with `GOCLUSTER_ENV`:

- `development` (set by `make run` and `make test`): the embedded default. SQLite, Celery tasks executed
  in-process, mail recorded in the outbox and printed on the console, DEBUG on, a generated secret key in
  var/, and the demo switches (`REQUIRE_MFA=false`, `manage.py seed_demo`) allowed.
- `production` (the default when nothing is set): every secret and every address comes from the
  environment, and a missing one stops the process with `ImproperlyConfigured` naming it. Nothing of the
  demo works here. gocluster/checks.py refuses a weak key or a per-process cache (`manage.py check`).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

GOCLUSTER_ENV = env.str("GOCLUSTER_ENV", default="production")
if GOCLUSTER_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"GOCLUSTER_ENV={GOCLUSTER_ENV!r}: use 'production' or 'development'.")
# Demo behaviour (generated secrets, DEBUG, REQUIRE_MFA=false, seed_demo) needs this, and only this.
GOCLUSTER_DEVELOPMENT = GOCLUSTER_ENV == "development"


def _required(name: str) -> str:
    """A production value: outside development a missing or empty variable stops the process."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production settings have no default for it; set {name} in the environment "
            "(or GOCLUSTER_ENV=development for the local demo)."
        )
    return value


def _development_only(name: str, *, production_value: bool) -> bool:
    """A switch that only the local demo may turn: outside development any other value is refused."""
    value = env.bool(name, default=production_value)
    if value != production_value and not GOCLUSTER_DEVELOPMENT:
        raise ImproperlyConfigured(
            f"{name}={str(value).lower()} is a demo switch and only allowed with GOCLUSTER_ENV=development."
        )
    return value


def _dev_secret_key() -> str:
    """A random key kept in var/ so that sessions survive a restart of `make run`."""
    from django.core.management.utils import get_random_secret_key

    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


if GOCLUSTER_DEVELOPMENT:
    DEBUG = env.bool("DEBUG", default=True)
    SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
else:
    DEBUG = _development_only("DEBUG", production_value=False)
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = _required("ALLOWED_HOSTS") and env.list("ALLOWED_HOSTS")
    SITE_URL = _required("SITE_URL")
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "gocluster",
    "gocluster.outbox",
    "gocluster.documents",
    "members",
    "applications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gocluster.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF middleware, which would parse (and store) an oversized body.
    "gocluster.uploads.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "members.middleware.StaffIdleTimeoutMiddleware",
    "members.middleware.RequireTwoFactorMiddleware",
    "gocluster.middleware.PrivatePagesNoStoreMiddleware",
]

ROOT_URLCONF = "gocluster.urls"
WSGI_APPLICATION = "gocluster.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gocluster.context_processors.programme",
            ],
            "builtins": ["gocluster.templatetags.portal"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gocluster.sqlite3'}")
    if GOCLUSTER_DEVELOPMENT else env.db_url_config(_required("DATABASE_URL")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait for a lock instead of failing at once when the in-process tasks write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login rate limits need a real shared cache in production: gocluster/checks.py) ------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users, login, two-factor -----------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email", "full_name")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal-start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "full_name*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
# Account mails look like every other mail of the portal: their subjects name go-cluster, without a prefix.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Tell users of changes to how they sign in (password, e-mail address, second factor): ASVS 2.2.3.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_TIMEOUT", default=300)
# Adding, removing or switching an e-mail address asks for the password (or second factor) again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Password, e-mail and two-factor changes are announced by mail (through the outbox: members.adapters).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The login rate limits count per client address. Behind a reverse proxy every request comes from the
# proxy: allauth then takes the client from X-Forwarded-For, trusting exactly as many entries as there are
# proxies of ours (docs/operations.md, "Reverse proxy"), or from one header the proxy sets. Production must
# say which: a wrong guess either lumps all clients together or lets them forge their address.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
if GOCLUSTER_DEVELOPMENT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
else:
    _required("TRUSTED_PROXY_COUNT")  # 0 when clients reach gunicorn directly, 1 behind one proxy, ...
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT")
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "go-cluster"
# Listing and ending sessions works without it; tracking would write on every request.
USERSESSIONS_TRACK_ACTIVITY = False
# Staff, ministry, board and admin accounts must set up two-factor authentication, and each session must
# pass it, before they use their areas. Only the local demo may switch this off.
GOCLUSTER_REQUIRE_MFA = _development_only("REQUIRE_MFA", production_value=True)
# Privileged sessions (the accounts above) end after this much inactivity.
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=30)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the page (hx-headers in base.html); no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and private files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated documents never live under the web root: they are served only
# through views that check the case's permissions.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
# Uploads above this size go to a temporary file while the request is parsed (never kept).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The form fields without files (Django answers 400 above it); files are limited per view (upload_view).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Any request body of a view that takes no upload (gocluster.uploads.RequestBodyLimitMiddleware: 413).
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Mail ------------------------------------------------------------------------------------------
# Every mail is an outbox record first; this mailer is what the sending task hands it to.
# Without SMTP_HOST (the embedded default) mails are printed on the console.
if env.str("SMTP_HOST", default=""):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": env.str("SMTP_HOST"),
        "port": env.int("SMTP_PORT", default=587),
        "username": env.str("SMTP_USER", default=""),
        "password": env.str("SMTP_PASSWORD", default=""),
        "use_tls": env.bool("SMTP_USE_TLS", default=True),
        "timeout": 30,
    }}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Tests of a real worker subprocess hand it a test backend through the environment.
if env.str("MAIL_BACKEND", default=""):
    MAILERS = {"default": {"BACKEND": env.str("MAIL_BACKEND")}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="go-cluster <go-cluster@vdivde-it.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
# A mail claimed longer ago than this was left by a worker that died while sending it.
OUTBOX_STALE_CLAIM_SECONDS = env.int("OUTBOX_STALE_CLAIM_SECONDS", default=600)
# A queued mail whose next attempt is this overdue lost its task: the outbox sweep queues it again.
OUTBOX_LOST_AFTER_SECONDS = env.int("OUTBOX_LOST_AFTER_SECONDS", default=300)
OUTBOX_SWEEP_MINUTES = env.int("OUTBOX_SWEEP_MINUTES", default=5)

# --- Celery ----------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the tasks run in-process (the embedded default of `make run`).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# Longer than the longest task, so a late-acknowledged task is not handed out twice while it runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often (seconds) a worker looks for the unacknowledged tasks of a dead worker; every look scans
    # (kombu's default looks only every tenth time, about 100 s apart).
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
REMINDER_SWEEP_MINUTES = env.int("REMINDER_SWEEP_MINUTES", default=15)
# Rendering a letter or dossier must finish well within this (seconds; Celery soft limit of those tasks).
DOCUMENT_RENDER_TIME_LIMIT = env.int("DOCUMENT_RENDER_TIME_LIMIT", default=60)

# --- Programme -------------------------------------------------------------------------------------
# The ministry's name changes with governments: never hard-code it. Texts say "ein Programm des ..." and
# "im Auftrag des ...": they need the genitive ("des Bundesministeriums für ..."), a setting of its own. Where
# only MINISTRY_NAME is set and it is a "Bundesministerium ...", the genitive follows from it; any other name
# needs MINISTRY_NAME_GENITIVE as well (German cannot be inflected by rule: "des Auswärtigen Amts").
MINISTRY_NAME = env.str("MINISTRY_NAME", default="Bundesministerium für Wirtschaft und Energie")
MINISTRY_ABBREVIATION = env.str("MINISTRY_ABBREVIATION", default="BMWE")
MINISTRY_NAME_GENITIVE = env.str("MINISTRY_NAME_GENITIVE", default="")
if not MINISTRY_NAME_GENITIVE:
    if not MINISTRY_NAME.startswith("Bundesministerium "):
        raise ImproperlyConfigured(f"MINISTRY_NAME={MINISTRY_NAME!r}: set MINISTRY_NAME_GENITIVE too "
                                   "(the form after 'des', e.g. 'Bundesministeriums für ...')")
    MINISTRY_NAME_GENITIVE = "Bundesministeriums " + MINISTRY_NAME.removeprefix("Bundesministerium ")
AGENCY_NAME = env.str("AGENCY_NAME", default="VDI/VDE Innovation + Technik GmbH")
AGENCY_ABBREVIATION = env.str("AGENCY_ABBREVIATION", default="VDI/VDE-IT")
AGENCY_ADDRESS = env.list("AGENCY_ADDRESS", default=["Steinplatz 1", "10623 Berlin"])
PROGRAMME_CONTACT_EMAIL = env.str("PROGRAMME_CONTACT_EMAIL", default="go-cluster@vdivde-it.de")
PROGRAMME_CONTACT_PHONE = env.str("PROGRAMME_CONTACT_PHONE", default="+49 30 310078-0")
# The ministry's contact for the programme: hears of every seat given or taken on the voting bodies.
MINISTRY_CONTACT_EMAIL = env.str("MINISTRY_CONTACT_EMAIL", default=PROGRAMME_CONTACT_EMAIL)

# The programme's rules that are numbers (docs/product.md); defaults here, overridable per environment.
ADVISORY_CALL_VALIDITY_DAYS = env.int("ADVISORY_CALL_VALIDITY_DAYS", default=365)
VOTE_QUORUM_FRACTION = env.float("VOTE_QUORUM_FRACTION", default=0.5)
# Ministry and board members read a case they voted on (were in the electorate of) until this many days
# after its round closed.
VOTER_ACCESS_DAYS_AFTER_CLOSE = env.int("VOTER_ACCESS_DAYS_AFTER_CLOSE", default=30)

# --- Open data and calendar subscriptions (issue: figures, open data, calendars) ---------------------
# The licence of the open data downloads: Datenlizenz Deutschland – Namensnennung – Version 2.0.
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="dl-de/by-2-0")
OPEN_DATA_LICENCE_URL = env.str("OPEN_DATA_LICENCE_URL", default="https://www.govdata.de/dl-de/by-2-0")
# Requests per feed URL and minute before the calendar feed answers 429 (calendar apps poll every few hours).
CALENDAR_FEED_RATE_PER_MINUTE = env.int("CALENDAR_FEED_RATE_PER_MINUTE", default=20)

# Invitations to co-manage a cluster: the link is valid this many days; the portal sends at most this many
# invitations per inviting account and per cluster within 24 hours (the mails carry the programme's sender).
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
INVITATIONS_PER_USER_PER_DAY = env.int("INVITATIONS_PER_USER_PER_DAY", default=10)
INVITATIONS_PER_CLUSTER_PER_DAY = env.int("INVITATIONS_PER_CLUSTER_PER_DAY", default=20)

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_HOST = env.str("SECURE_SSL_HOST", default=None)

# --- Forms -----------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging: ids, never personal data ----------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}
