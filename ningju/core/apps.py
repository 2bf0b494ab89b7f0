from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ningju.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login/logout audit receivers)
