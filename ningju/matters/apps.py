from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "ningju.matters"
    label = "matters"
    verbose_name = _("为群众办实事")
