"""社情民意信息: from the contributor's draft through the journal (《社情民意》) to adoption
and leaders' instructions upstream, and the feedback that comes back."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import (
    AdoptionLevel,
    AdoptionMode,
    ContributorKind,
    IssueStatus,
    LeaderLevel,
    ReportTarget,
    Status,
)


class OpinionSettings(TimeStampedModel):
    """Per-committee rules; the defaults are those of domain.md §2."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    max_length = models.PositiveIntegerField(_("正文字数上限"), default=1500)
    journal_name = models.CharField(_("刊物名称"), max_length=40, default="社情民意")

    class Meta:
        verbose_name = _("社情民意工作设置")
        verbose_name_plural = _("社情民意工作设置")
        ordering: ClassVar = ["organisation"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(max_length__gte=200), name="opinion_settings_max_length_min"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


class JournalIssue(TimeStampedModel):
    """One issue of the journal: 《社情民意》2026年第N期, numbered per organisation and year."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"))
    status = models.CharField(
        _("状态"), max_length=12, choices=IssueStatus.choices, default=IssueStatus.EDITING
    )
    editor_note = models.CharField(_("编者按"), max_length=300, blank=True)
    published_on = models.DateField(_("印发日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("《社情民意》期刊")
        verbose_name_plural = _("《社情民意》期刊")
        ordering: ClassVar = ["-year", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="opinion_issue_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="opinion_issue_number_pos"),
        ]

    def __str__(self) -> str:
        return _("%(year)s年第%(number)s期") % {"year": self.year, "number": self.number}


class IssueCounter(TimeStampedModel):
    """The last issue number given out per organisation and year (locked while numbering)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveSmallIntegerField(_("已用期号"), default=0)

    class Meta:
        verbose_name = _("期号计数")
        verbose_name_plural = _("期号计数")
        ordering: ClassVar = ["organisation", "year"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="opinion_issue_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class Opinion(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    contributor_kind = models.CharField(
        _("反映者类型"),
        max_length=12,
        choices=ContributorKind.choices,
        default=ContributorKind.MEMBER,
    )
    unit_name = models.CharField(_("反映单位"), max_length=80, blank=True)
    title = models.CharField(_("标题"), max_length=120)
    situation = models.TextField(_("情况"), blank=True)
    analysis = models.TextField(_("分析"), blank=True)
    suggestion = models.TextField(_("建议"), blank=True)
    source_note = models.CharField(_("信息来源"), max_length=300, blank=True)
    # The research office's edited version; the contributor's text above is never changed.
    edited_title = models.CharField(_("编辑后标题"), max_length=120, blank=True)
    edited_body = models.TextField(_("编辑后正文"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    office_note = models.TextField(_("处理意见"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_opinions",
    )
    issue = models.ForeignKey(
        JournalIssue,
        verbose_name=_("编入期刊"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    issue_position = models.PositiveSmallIntegerField(_("期内序号"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering: ClassVar = ["-submitted_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="opinion_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["compiled", "reported", "adopted"])
                | Q(issue__isnull=False),
                name="opinion_compiled_has_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body_length(self) -> int:
        return sum(len(t) for t in (self.situation, self.analysis, self.suggestion))

    @property
    def display_title(self) -> str:
        return self.edited_title or self.title


class Contributor(TimeStampedModel):
    """反映人: the member who wrote it, plus those of opinions merged into it."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="contributors"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    is_primary = models.BooleanField(_("第一反映人"), default=True)

    class Meta:
        verbose_name = _("反映人")
        verbose_name_plural = _("反映人")
        ordering: ClassVar = ["opinion", "-is_primary", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["opinion", "member"], name="opinion_contributor_once")
        ]

    def __str__(self) -> str:
        return str(self.member_id)


class Report(TimeStampedModel):
    """报送: the opinion (with its issue) was sent to a body."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="reports"
    )
    target = models.CharField(_("报送对象"), max_length=20, choices=ReportTarget.choices)
    reported_on = models.DateField(_("报送日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering: ClassVar = ["opinion", "reported_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["opinion", "target"], name="opinion_report_once")
        ]

    def __str__(self) -> str:
        return self.get_target_display()


class Adoption(TimeStampedModel):
    """采用: which body took it up, at which level, alone or in a combined report."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.CharField(_("采用层级"), max_length=20, choices=AdoptionLevel.choices)
    body = models.CharField(_("采用单位"), max_length=80)
    mode = models.CharField(
        _("采用方式"), max_length=10, choices=AdoptionMode.choices, default=AdoptionMode.SINGLE
    )
    adopted_on = models.DateField(_("采用日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering: ClassVar = ["opinion", "adopted_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.body}"


def scan_upload_to(instance: Instruction, filename: str) -> str:
    year = timezone.localdate().year
    return f"opinions/{instance.opinion.organisation_id}/{year}/{uuid.uuid4().hex}"


class Instruction(TimeStampedModel):
    """批示: a leader's written instruction, as text and/or a scanned page."""

    ALLOWED_TYPES: ClassVar[frozenset[str]] = frozenset({"pdf", "jpg", "jpeg", "png"})
    MAX_BYTES: ClassVar[int] = 10 * 1024 * 1024

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="instructions"
    )
    leader_level = models.CharField(_("批示领导层级"), max_length=20, choices=LeaderLevel.choices)
    leader_title = models.CharField(_("批示领导"), max_length=60, blank=True)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"), blank=True)
    scan = models.FileField(_("批示扫描件"), upload_to=scan_upload_to, max_length=200, blank=True)
    scan_name = models.CharField(_("扫描件文件名"), max_length=200, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    is_confidential = models.BooleanField(
        _("涉密或不宜公开"),
        default=False,
        help_text=_("勾选后，只有机关工作人员和反映人本人能看到批示内容。"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering: ClassVar = ["opinion", "instructed_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(scan=""), name="opinion_instruction_text_or_scan"
            )
        ]

    def __str__(self) -> str:
        return self.get_leader_level_display()


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    year = timezone.localdate().year
    return f"opinions/{instance.opinion.organisation_id}/{year}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    ALLOWED_TYPES: ClassVar[frozenset[str]] = frozenset(
        {"pdf", "docx", "xlsx", "jpg", "jpeg", "png"}
    )
    MAX_BYTES: ClassVar[int] = 10 * 1024 * 1024
    MAX_PER_OPINION: ClassVar[int] = 5

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("社情民意附件")
        verbose_name_plural = _("社情民意附件")
        ordering: ClassVar = ["opinion", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class YearNotice(TimeStampedModel):
    """The year-end 通报 sent to one contributor (sent once per year)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    figures = models.JSONField(_("数字"), default=dict)

    class Meta:
        verbose_name = _("年度通报")
        verbose_name_plural = _("年度通报")
        ordering: ClassVar = ["-year", "member"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "year"], name="opinion_year_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.year}"
