"""Settings of the sign-in benchmark: production's (ningju.settings.prod) minus HTTPS.

Same as prod: DEBUG off, Redis cache and cached_db sessions (run.sh starts its own
redis-server on REDIS_PORT), persistent DB connections (CONN_MAX_AGE 60 with health
checks), every middleware, whitenoise with the manifest storage. Different, and why:
- no TLS on the loopback, so SECURE_SSL_REDIRECT and the secure-cookie flags are off;
- NINGJU_TWO_FACTOR_ENFORCED is off so the load tool's pre-made *staff* session (the
  sign-in screen) needs no TOTP; members are not required to use 2FA by default anyway,
  so the members' requests run exactly as in production.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "0" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("NINGJU_FIELD_KEYS", "00112233445566778899aabbccddeeff")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6391/0")

from ningju.settings.prod import *  # noqa: F403

# prod.py re-reads DATABASE_URL without base.py's SQLite options; on SQLite put them back
# (WAL, BEGIN IMMEDIATE, 20 s busy timeout), as every non-prod setting has them. Without
# them readers and writers block each other and the burst fails ("database is locked").
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
NINGJU_TWO_FACTOR_ENFORCED = False
# Nothing is published during the burst; no task should ever leave the process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# Server errors to gunicorn's error log, so a failed request in the run shows its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
