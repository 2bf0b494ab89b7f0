"""The test suite. DATABASE_URL switches it to PostgreSQL (see .ci/run)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-ningju-00000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NINGJU_FIELD_KEYS = ["00112233445566778899aabbccddeeff"]
NINGJU_DEMO_ALLOWED = True
NINGJU_SMS_BACKEND = "ningju.notify.channels.LocmemSmsBackend"
NINGJU_WECHAT_BACKEND = "ningju.notify.channels.LocmemWechatBackend"
# Tests of enforcement switch it on with the `settings` fixture.
NINGJU_TWO_FACTOR_ENFORCED = False
INSTALLED_APPS = [*INSTALLED_APPS, "ningju.devtools"]  # noqa: F405
MIDDLEWARE = ["tests.serial_requests.SerialRequests", *MIDDLEWARE]  # noqa: F405
