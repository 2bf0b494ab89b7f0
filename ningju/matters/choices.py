from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("已承诺，待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    REPORTED = "reported", _("已报办结，待确认")
    COMPLETED = "completed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class SourceKind(models.TextChoices):
    PUBLIC_REQUEST = "public_request", _("群众诉求")
    STATION_VISIT = "station_visit", _("联络站接待")
    CONSULTATION = "consultation", _("协商议事")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    SURVEY = "survey", _("调查摸底")
    PLANNING = "planning", _("制定方案")
    WORKING = "working", _("组织实施")
    ACCEPTANCE = "acceptance", _("验收收尾")
