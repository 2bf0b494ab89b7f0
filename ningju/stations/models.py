"""Member liaison stations (委员联络站): master data, assigned members, duty roster,
reception log and activities. Public requests (ningju.voices) point at stations, never the
other way round, so the two apps' migrations stay acyclic.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.fields import EncryptedTextField
from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import (
    ActivityKind,
    Channel,
    Handling,
    Satisfaction,
    ShiftStatus,
    StationKind,
    StationRole,
)


class Station(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=StationKind.choices)
    sector = models.ForeignKey(
        "orgs.Sector",
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("开放时间"), max_length=120, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员联络站")
        verbose_name_plural = _("委员联络站")
        ordering: ClassVar = ["organisation", "name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="station_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class StationMember(TimeStampedModel):
    station = models.ForeignKey(
        Station, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("职责"), max_length=12, choices=StationRole.choices, default=StationRole.RESIDENT
    )

    class Meta:
        verbose_name = _("驻站委员")
        verbose_name_plural = _("驻站委员")
        ordering: ClassVar = ["station", "role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["station", "member"], name="station_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.station_id}:{self.member_id}"


class DutyShift(TimeStampedModel):
    """One line of the 值班表: who is on duty at a station on a day."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="shifts"
    )
    on_date = models.DateField(_("值班日期"))
    member = models.ForeignKey(
        "members.Member", verbose_name=_("值班委员"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ShiftStatus.choices, default=ShiftStatus.PLANNED
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班表")
        ordering: ClassVar = ["on_date", "station", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["station", "on_date", "member"], name="duty_shift_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.on_date}"


class Reception(TimeStampedModel):
    """接待登记: one visitor's concern at a station, minimised (name optional, phone encrypted)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("联络站"), on_delete=models.PROTECT, related_name="receptions"
    )
    received_at = models.DateTimeField(_("接待时间"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    visitor_name = models.CharField(_("来访人姓名"), max_length=40, blank=True)
    visitor_phone = EncryptedTextField(_("来访人电话"), blank=True)
    topic = models.CharField(_("事项"), max_length=120)
    issue = models.TextField(_("反映的问题"))
    handling = models.CharField(
        _("处理方式"), max_length=20, choices=Handling.choices, default=Handling.PENDING
    )
    handling_note = models.TextField(_("处理情况"), blank=True)
    referred_unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("转交部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, default="", blank=True
    )
    received_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("接待委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the entry became: "opinion" (opinions.Opinion id) or "proposal" (proposals.Proposal).
    result_kind = models.CharField(_("转化类型"), max_length=12, blank=True)
    result_id = models.PositiveBigIntegerField(_("转化记录"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待登记")
        verbose_name_plural = _("接待登记")
        ordering: ClassVar = ["-received_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(result_kind="", result_id__isnull=True)
                | (Q(result_kind__in=["opinion", "proposal"]) & Q(result_id__isnull=False)),
                name="reception_result_complete",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class StationActivity(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("主题"), max_length=120)
    held_on = models.DateField(_("日期"))
    summary = models.TextField(_("情况"), blank=True)
    attendees = models.ManyToManyField(
        "members.Member", verbose_name=_("参加委员"), blank=True, related_name="+"
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("联络站活动")
        verbose_name_plural = _("联络站活动")
        ordering: ClassVar = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title
