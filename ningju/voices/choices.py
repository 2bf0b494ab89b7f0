from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    HELD = "held", _("待审核")
    RECEIVED = "received", _("已受理")
    ROUTED = "routed", _("办理中")
    ANSWERED = "answered", _("已答复")
    PUBLISHED = "published", _("已公开")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("不予受理")


class Subject(models.TextChoices):
    URBAN = "urban", _("城市管理")
    TRANSPORT = "transport", _("交通出行")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    ELDERLY = "elderly", _("养老服务")
    EMPLOYMENT = "employment", _("就业创业")
    RURAL = "rural", _("乡村振兴")
    ENVIRONMENT = "environment", _("生态环境")
    CULTURE = "culture", _("文化旅游")
    OTHER = "other", _("其他")


class RouteKind(models.TextChoices):
    MEMBER = "member", _("委员")
    STATION = "station", _("委员联络站")
    UNIT = "unit", _("承办单位")
