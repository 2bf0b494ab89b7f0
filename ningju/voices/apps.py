from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "ningju.voices"
    label = "voices"
    verbose_name = _("有事来商量")
