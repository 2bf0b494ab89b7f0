"""Settings of the sign-in benchmark: production's (ningju.settings.prod) minus HTTPS.

Same as prod: DEBUG off, Redis cache, cached_db sessions, persistent DB connections
(CONN_MAX_AGE 60 with health checks), every middleware. Different, and why:
- no TLS on the loopback, so SECURE_SSL_REDIRECT and the secure-cookie flags are off;
- NINGJU_TWO_FACTOR_ENFORCED is off so the load tool's pre-made *staff* session (the
  sign-in screen) needs no TOTP; members are not required to use 2FA by default anyway,
  so the members' requests run exactly as in production.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "0" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("NINGJU_FIELD_KEYS", "00112233445566778899aabbccddeeff")

from ningju.settings.prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
NINGJU_TWO_FACTOR_ENFORCED = False
# The notification email channel would queue a task per invitee at publish time; the
# benchmark publishes nothing, but keep the task backend local and synchronous-free.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
