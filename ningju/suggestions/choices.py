from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    HELD = "held", _("待审核（内容待核）")
    SUBMITTED = "submitted", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复，待审定")
    CLOSED = "closed", _("已办结")
    REJECTED = "rejected", _("不予受理")


class Source(models.TextChoices):
    MEMBER = "member", _("委员")
    PUBLIC = "public", _("群众")


class Category(models.TextChoices):
    URBAN = "urban", _("城市管理")
    TRANSPORT = "transport", _("交通出行")
    LIVELIHOOD = "livelihood", _("民生服务")
    EDUCATION = "education", _("教育文化")
    HEALTH = "health", _("医疗卫生")
    RURAL = "rural", _("乡村振兴")
    ECOLOGY = "ecology", _("生态环境")
    BILINGUAL = "bilingual", _("双语服务")
    OTHER = "other", _("其他")
