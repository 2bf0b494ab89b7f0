"""Meetings (会议), their agenda and materials, invitations, leave, attendance and speeches."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import (
    AttendanceStatus,
    InviteScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    SignInMethod,
    SpeechKind,
)


def _new_secret() -> str:
    return secrets.token_hex(16)


class Meeting(TimeStampedModel):
    """One meeting of an organisation: plenary (linked to its 届/次 session), standing
    committee, chair meeting, special committee, sector group or study meeting."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("会议类别"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=120)
    session = models.ForeignKey(
        "orgs.Session",
        verbose_name=_("届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    number = models.PositiveSmallIntegerField(_("第几次"), null=True, blank=True)
    committee = models.ForeignKey(
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.ForeignKey(
        "orgs.Sector",
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("地点"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    signin_opens_at = models.DateTimeField(_("签到开始"))
    signin_closes_at = models.DateTimeField(_("签到截止"))
    description = models.TextField(_("会议说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    signin_secret = models.CharField(max_length=32, default=_new_secret, editable=False)
    reminded_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间（系统）"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering: ClassVar = ["-starts_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status", "starts_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_times_ordered"
            ),
            models.CheckConstraint(
                condition=Q(signin_closes_at__gt=models.F("signin_opens_at")),
                name="meeting_signin_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(TimeStampedModel):
    """议程. The first item may be 第一议题: the political study that opens the meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    title = models.CharField(_("议题"), max_length=200)
    presenter = models.CharField(_("汇报人"), max_length=60, blank=True)
    is_first_topic = models.BooleanField(_("第一议题"), default=False)
    study_material = models.TextField(_("学习内容"), blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering: ClassVar = ["meeting", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_unique_position"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(is_first_topic=True),
                name="agenda_one_first_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Material(TimeStampedModel):
    """A file for an agenda item (报告稿, 学习材料…), served only to those who see the meeting."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.CASCADE, related_name="materials"
    )
    file = models.FileField(_("文件"), upload_to="meetings/materials/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering: ClassVar = ["item", "id"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """One invitee (应到). Resolved from the scopes the office chose, in bulk."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("邀请范围"), max_length=16, choices=InviteScope.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")
        ordering: ClassVar = ["meeting", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "member"], name="invitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}"


class LeaveRequest(TimeStampedModel):
    """请假: requested by the member, decided by the approver the meeting kind requires."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="leave_requests"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("请假事由"))
    status = models.CharField(
        _("状态"), max_length=12, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(status__in=["requested", "approved"]),
                name="leave_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}:{self.status}"


class Attendance(models.Model):
    """实到/请假/缺席 of one invitee. Present rows come from sign-in (QR or 代签); leave and
    absence rows are written when the meeting closes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("出席情况"), max_length=10, choices=AttendanceStatus.choices)
    method = models.CharField(_("签到方式"), max_length=8, choices=SignInMethod.choices, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代签人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proxy_reason = models.CharField(_("代签原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        ordering: ClassVar = ["meeting", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}:{self.status}"


class Speech(TimeStampedModel):
    """大会发言: written (书面) or oral (口头), with its text or an uploaded file."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="speeches"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("发言形式"), max_length=8, choices=SpeechKind.choices)
    title = models.CharField(_("发言题目"), max_length=200)
    text = models.TextField(_("发言内容"), blank=True)
    file = models.FileField(_("发言稿"), upload_to="meetings/speeches/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("会议发言")
        verbose_name_plural = _("会议发言")
        ordering: ClassVar = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(TimeStampedModel):
    """The secret address of one person's meeting calendar (ICS); reset makes a new one."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="meeting_calendar",
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("会议日历订阅")
        verbose_name_plural = _("会议日历订阅")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return str(self.user_id)
