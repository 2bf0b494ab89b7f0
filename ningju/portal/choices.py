from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnKind(models.TextChoices):
    NEWS = "news", _("新闻")
    NOTICE = "notice", _("通知公告")
    MEMBER_VOICE = "member_voice", _("委员说")
    MEMBER_ACTION = "member_action", _("委员在行动")
    FORUM = "forum", _("言论栏目")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING_FIRST = "pending_first", _("待初审")
    PENDING_SECOND = "pending_second", _("待复审")
    PENDING_FINAL = "pending_final", _("待终审")
    APPROVED = "approved", _("已终审，待发布")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")
    UNPUBLISHED = "unpublished", _("已撤稿")


class ReviewLevel(models.IntegerChoices):
    FIRST = 1, _("初审")
    SECOND = 2, _("复审")
    FINAL = 3, _("终审")


class ReviewDecision(models.TextChoices):
    PASS = "pass", _("通过")
    RETURN = "return", _("退回")
