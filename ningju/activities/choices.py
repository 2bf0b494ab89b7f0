"""Choices of activities, study and reading (labels in Chinese, through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    GRASSROOTS = "grassroots", _("委员进基层")
    FREE_CLINIC = "free_clinic", _("送医送药送健康义诊")
    DONATION = "donation", _("捐书捐物")
    LEGAL_AID = "legal_aid", _("法律援助")
    TREE_PLANTING = "tree_planting", _("绿美延吉植树")
    INVESTMENT = "investment", _("招商引资推介会")
    LECTURE = "lecture", _("委员讲堂")
    OTHER = "other", _("其他活动")


# Kinds that are public-welfare work in the duty archive (DutyKind.PUBLIC_WELFARE); the
# rest count as taking part in an activity (DutyKind.ACTIVITY).
PUBLIC_WELFARE_KINDS = frozenset(
    {
        ActivityKind.FREE_CLINIC,
        ActivityKind.DONATION,
        ActivityKind.LEGAL_AID,
        ActivityKind.TREE_PLANTING,
    }
)


class OrganiserKind(models.TextChoices):
    ORGANISATION = "organisation", _("本级政协")
    COMMITTEE = "committee", _("专门委员会")
    SECTOR = "sector", _("界别")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    RETURNED = "returned", _("已退回")


class StudyKind(models.TextChoices):
    CENTRE_GROUP = "centre_group", _("理论学习中心组引领学")
    CHAIR_MEETING = "chair_meeting", _("主席会议带头学")
    STANDING_COMMITTEE = "standing_committee", _("常委会会议专题学")
    MEMBER_TRAINING = "member_training", _("委员培训集中学")
    LECTURE_HALL = "lecture_hall", _("“政协大讲堂”辅导学")
    READING = "reading", _("“书香政协”常态学")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("周学")
    MONTHLY = "monthly", _("月讲")
    QUARTERLY = "quarterly", _("季培训")
