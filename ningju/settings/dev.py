"""Local development and the embedded default (`make run`)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-ningju-0000000000000000")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
NINGJU_DEMO_ALLOWED = True
# The demo relaxes enforcement so every demo account can sign in with its password alone;
# anyone may still enrol (the staff demo shows it) and is then asked for a code.
NINGJU_TWO_FACTOR_ENFORCED = env.bool("NINGJU_TWO_FACTOR_ENFORCED", default=False)
INSTALLED_APPS = [*INSTALLED_APPS, "ningju.devtools"]  # noqa: F405
