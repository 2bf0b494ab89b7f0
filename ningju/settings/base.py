"""Settings shared by every environment.

One environment reader: everything that differs between a laptop and production comes from
environment variables, never from code branches elsewhere.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(environ.Env().str("NINGJU_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ningju.core",
    "ningju.orgs",
    "ningju.accounts",
    "ningju.members",
    "ningju.performance",
    "ningju.notify",
    "ningju.proposals",
    "ningju.moderation",
    "ningju.opinions",
    "ningju.voices",
    "ningju.stations",
    "ningju.suggestions",
    "ningju.matters",
    "ningju.meetings",
    "ningju.activities",
    "ningju.textmatch.apps.TextmatchConfig",
    "ningju.workspace",
    "ningju.portal",
    "ningju.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ningju.core.middleware.SecurityHeadersMiddleware",
    "ningju.core.middleware.RequestContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ningju.accounts.middleware.IdleTimeoutMiddleware",
    "ningju.accounts.middleware.PasswordExpiryMiddleware",
    "ningju.accounts.two_factor.TwoFactorMiddleware",
]

ROOT_URLCONF = "ningju.urls"
WSGI_APPLICATION = "ningju.wsgi.application"

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
                "ningju.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ningju.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the task worker writes; the busy timeout stops
    # "database is locked" errors under short write bursts.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "ningju.accounts.backends.PasswordBackend",
]

# Length, character classes and history come from the organisation's SecurityPolicy.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "ningju.accounts.password_validation.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "ningju.accounts.password_validation.PolicyValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("ko", "조선어"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ningju_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = env.str("NINGJU_STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.str("NINGJU_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploads are never served from a public URL: views stream them after a permission check.
MEDIA_URL = "/files/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "ningju_session"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_NAME = "ningju_csrf"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TASKS = {
    "default": {
        "BACKEND": env.str("NINGJU_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ningju",
    }
}
if env.str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
    }

# Personal-data encryption (SM4-GCM) and blind indexes (HMAC-SM3). The key is 32 hex
# characters; development derives one from SECRET_KEY, production must set it explicitly.
NINGJU_FIELD_KEYS = env.list("NINGJU_FIELD_KEYS", default=[])

# Mail: the intranet's SMTP relay in production (EMAIL_URL=smtp://host:25), the console
# everywhere else, so nothing ever tries to reach an outside server by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ningju@localhost")

NINGJU_SITE_NAME = _("凝聚 · 政协履职平台")
# Two-factor authentication is mandatory for staff, handling units, leadership and all
# administrators. Production always enforces it (prod.py); only demo settings may relax it.
NINGJU_TWO_FACTOR_ENFORCED = env.bool("NINGJU_TWO_FACTOR_ENFORCED", default=True)
OTP_TOTP_ISSUER = "Ningju"
NINGJU_DEMO_ALLOWED = False
# SMS and WeChat gateways (dotted paths to a class with `send(*, to, title, body, url)`, see
# ningju/notify/channels.py). The console defaults only log, so nothing leaves the intranet.
NINGJU_SMS_BACKEND = env.str(
    "NINGJU_SMS_BACKEND", default="ningju.notify.channels.ConsoleSmsBackend"
)
NINGJU_WECHAT_BACKEND = env.str(
    "NINGJU_WECHAT_BACKEND", default="ningju.notify.channels.ConsoleWechatBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("NINGJU_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
