"""Practical matters done for the people (为群众办实事): from the promise to the confirmed
completion, with dated progress and evidence."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import SourceKind, Stage, Status


class Matter(TimeStampedModel):
    """One promise made to people, owned by a member and/or a handling unit."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("实事名称"), max_length=100)
    description = models.TextField(_("群众诉求与承诺内容"), max_length=2000)
    beneficiaries = models.CharField(
        _("受益群众"), max_length=120, blank=True, help_text=_("例如：某社区居民、某村村民。")
    )
    location = models.CharField(_("地点"), max_length=120, blank=True)
    source_kind = models.CharField(
        _("来源"), max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    source_reference = models.CharField(
        _("来源说明"), max_length=200, blank=True, help_text=_("例如：接待登记号、协商会名称。")
    )
    public_request = models.ForeignKey(
        "voices.PublicRequest",
        verbose_name=_("来源群众诉求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reception = models.ForeignKey(
        "stations.Reception",
        verbose_name=_("来源联络站接待"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("牵头委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("承诺完成日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    stage = models.CharField(_("所处阶段"), max_length=20, choices=Stage.choices, blank=True)
    completion_summary = models.TextField(_("办结情况"), max_length=2000, blank=True)
    reported_at = models.DateTimeField(_("报办结时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("确认办结时间"), null=True, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("办结后在门户公开"), default=True, help_text=_("涉及个人隐私的实事请取消勾选。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("为群众办实事")
        verbose_name_plural = _("为群众办实事")
        ordering: ClassVar = ["deadline", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status", "deadline"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(owner_member__isnull=False) | Q(owner_unit__isnull=False),
                name="matter_has_owner",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="matter_percent_max_100"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="matter_completed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(TimeStampedModel):
    """A dated note on a matter, with the percent done and the stage reached."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("实事"), on_delete=models.CASCADE, related_name="updates"
    )
    happened_on = models.DateField(_("日期"))
    note = models.TextField(_("进展情况"), max_length=1000)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    stage = models.CharField(_("所处阶段"), max_length=20, choices=Stage.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering: ClassVar = ["-happened_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100")
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.percent}%"


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"matters/{instance.matter.organisation_id}/{instance.matter_id}/{instance.token}"


class Evidence(TimeStampedModel):
    """A photo or document proving the work was done; served only through a checked view."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("实事"), on_delete=models.CASCADE, related_name="evidence"
    )
    token = models.UUIDField(editable=False, unique=True)
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办结佐证")
        verbose_name_plural = _("办结佐证")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
