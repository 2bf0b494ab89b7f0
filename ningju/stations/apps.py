from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "ningju.stations"
    label = "stations"
    verbose_name = _("委员联络站")
