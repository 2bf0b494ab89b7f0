"""Settings of the portal benchmark: production's (ningju.settings.prod) minus HTTPS.

Same as benchmarks/signin/bench_settings.py: DEBUG off, cached_db sessions, persistent
connections, every middleware; TLS-related flags are off on the loopback. The cache is the
embedded default (local memory, one per gunicorn worker) because the project's environment
has no `redis` client package installed (production's RedisCache needs it; see the report).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "0" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("NINGJU_FIELD_KEYS", "00112233445566778899aabbccddeeff")
# prod.py requires REDIS_URL; the cache is replaced with local memory below.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")

from ningju.settings.prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
