"""Duty records (履职记录): the one ledger every module writes and the archive reads."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet


class DutyKind(models.TextChoices):
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提交提案")
    PROPOSAL_REGISTERED = "proposal_registered", _("提案立案")
    PROPOSAL_KEY = "proposal_key", _("重点提案")
    PROPOSAL_EXCELLENT = "proposal_excellent", _("优秀提案")
    PROPOSAL_FORWARDED = "proposal_forwarded", _("提案报送上级政协")
    OPINION_SUBMITTED = "opinion_submitted", _("报送社情民意")
    OPINION_ADOPTED = "opinion_adopted", _("社情民意被采用")
    OPINION_INSTRUCTED = "opinion_instructed", _("社情民意获领导批示")
    MEETING_ATTENDED = "meeting_attended", _("出席会议")
    MEETING_LEAVE = "meeting_leave", _("会议请假")
    MEETING_ABSENT = "meeting_absent", _("会议缺席")
    SPEECH = "speech", _("会议发言")
    ACTIVITY = "activity", _("参加活动")
    RESEARCH = "research", _("调研视察")
    CONSULTATION = "consultation", _("协商议政")
    STUDY = "study", _("学习培训")
    READING = "reading", _("书香政协阅读")
    STATION_DUTY = "station_duty", _("联络站值班接待")
    PUBLIC_WELFARE = "public_welfare", _("公益活动")
    MICRO_SUGGESTION = "micro_suggestion", _("提交微建议")
    PRACTICAL_MATTER = "practical_matter", _("为群众办实事")
    DUTY_REPORT = "duty_report", _("提交述职报告")
    OTHER = "other", _("其他履职")


class DutyRole(models.TextChoices):
    SOLE = "sole", _("本人")
    FIRST = "first", _("第一提案人/牵头人")
    PARTICIPANT = "participant", _("联名/参与")


class DutyRecord(TimeStampedModel):
    """What a member did, when, for which organisation, and which record proves it.

    Written only through `ningju.performance.services.duty_record_write`, which is
    idempotent on `dedupe_key` so a retried transition never counts twice. Points are not
    stored here: the points rules (configurable per organisation) read these rows.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        related_name="duty_records",
    )
    kind = models.CharField(_("类别"), max_length=30, choices=DutyKind.choices)
    role = models.CharField(
        _("角色"), max_length=12, choices=DutyRole.choices, default=DutyRole.SOLE
    )
    occurred_on = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("事项"), max_length=200)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("来源编号"), max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    is_void = models.BooleanField(_("已作废"), default=False)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering: ClassVar = ["-occurred_on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["member", "occurred_on"]),
            models.Index(fields=["organisation", "kind", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {self.title}"
