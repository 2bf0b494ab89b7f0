"""微建议 (micro-suggestions): short, light, fast; from members and from the public."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.fields import EncryptedTextField
from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import Category, Source, Status


class SuggestionSettings(TimeStampedModel):
    """What varies by committee; absent rows mean the defaults."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    max_length = models.PositiveSmallIntegerField(_("建议字数上限"), default=500)
    public_hourly_limit = models.PositiveSmallIntegerField(
        _("同一 IP 每小时可提交的群众建议数"), default=5
    )
    accept_public = models.BooleanField(_("接受群众在门户提交"), default=True)

    class Meta:
        verbose_name = _("微建议设置")
        verbose_name_plural = _("微建议设置")
        ordering: ClassVar = ["organisation_id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(max_length__gte=50) & Q(max_length__lte=2000),
                name="suggestion_max_length_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


class Suggestion(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    category = models.CharField(
        _("类别"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    title = models.CharField(_("标题"), max_length=60)
    body = models.TextField(_("建议内容"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Public authors: both optional; the phone is personal data, encrypted at rest.
    public_name = models.CharField(_("姓名或称呼"), max_length=40, blank=True)
    public_phone = EncryptedTextField(_("联系电话"), blank=True)
    consent_at = models.DateTimeField(_("同意告知时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    screening_codes = models.JSONField(_("内容检查结果"), default=list, blank=True)
    screening_reasons = models.JSONField(_("内容检查说明"), default=list, blank=True)
    assigned_unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_office = models.ForeignKey(
        "orgs.Office",
        verbose_name=_("办理科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    triage_note = models.CharField(_("分办意见"), max_length=200, blank=True)
    reply = models.TextField(_("答复"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    rejection_reason = models.CharField(_("不予受理原因"), max_length=200, blank=True)
    is_published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("微建议")
        verbose_name_plural = _("微建议")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "is_published", "published_at"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(source="member") | Q(member__isnull=False),
                name="suggestion_member_source_has_member",
            ),
            models.CheckConstraint(
                condition=~Q(assigned_unit__isnull=False, assigned_office__isnull=False),
                name="suggestion_one_assignee",
            ),
            # Only a closed suggestion with a reply is ever shown to the public.
            models.CheckConstraint(
                condition=Q(is_published=False) | (Q(status="closed") & ~Q(reply="")),
                name="suggestion_published_only_when_closed_with_reply",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee_name(self) -> str:
        if self.assigned_unit_id:
            return self.assigned_unit.name if self.assigned_unit else ""
        if self.assigned_office_id:
            return self.assigned_office.name if self.assigned_office else ""
        return ""

    @property
    def author_name(self) -> str:
        if self.member_id and self.member:
            return self.member.name
        return self.public_name
