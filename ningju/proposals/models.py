"""Proposals (提案): from the member's draft to the rating of the reply."""

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
    AssignmentRole,
    AssignmentStatus,
    CosignStatus,
    ExtensionStatus,
    HandlingMode,
    MeetingForm,
    Period,
    ProposerRole,
    ProposerType,
    Publicity,
    ReplyStatus,
    ReviewOutcome,
    Satisfaction,
    Status,
)
from .choices import Conversion as ConversionChoice


class ProposalSettings(TimeStampedModel):
    """The rules that vary by committee (domain.md §1), with the usual defaults."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    review_levels = models.PositiveSmallIntegerField(
        _("审查级数"),
        default=2,
        help_text=_("1：提案委工作人员审查即可立案；2：初审后由提案委主任复审；3：再加终审。"),
    )
    max_length = models.PositiveIntegerField(_("正文字数上限"), default=2000)
    cosign_days = models.PositiveSmallIntegerField(_("联名确认期限（天）"), default=7)
    objection_days = models.PositiveSmallIntegerField(_("承办单位申请调整期限（天）"), default=10)
    handling_months = models.PositiveSmallIntegerField(_("办理期限（月）"), default=3)
    max_handling_months = models.PositiveSmallIntegerField(_("延期后最长办理期限（月）"), default=6)
    rehandling_months = models.PositiveSmallIntegerField(_("重新办理期限（月）"), default=1)
    feedback_days = models.PositiveSmallIntegerField(_("委员评价期限（天）"), default=15)
    reminder_days = models.PositiveSmallIntegerField(_("到期前提醒（天）"), default=14)
    credit_first_proposer_only = models.BooleanField(
        _("履职记录只计第一提案人"),
        default=True,
        help_text=_("延边州办法：联名提案只计第一提案人。"),
    )
    separate_interim_numbering = models.BooleanField(_("平时提案单独编号"), default=False)
    plenary_grace_days = models.PositiveSmallIntegerField(
        _("闭幕后仍计为大会提案的天数"), default=0
    )

    class Meta:
        verbose_name = _("提案工作设置")
        verbose_name_plural = _("提案工作设置")
        ordering: ClassVar = ["organisation"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(review_levels__gte=1) & Q(review_levels__lte=3),
                name="proposal_settings_review_levels_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(max_handling_months__gte=models.F("handling_months")),
                name="proposal_settings_max_handling_not_below_handling",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


class Category(TimeStampedModel):
    """Two-level taxonomy, e.g. 社会建设 → 食品安全."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("提案分类")
        verbose_name_plural = _("提案分类")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="proposal_category_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name


class RefusalReason(TimeStampedModel):
    """不予立案 reasons: the ten national ones plus local extensions, editable per committee."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("理由"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("不予立案理由")
        verbose_name_plural = _("不予立案理由")
        ordering: ClassVar = ["organisation", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text


class ResultCategory(TimeStampedModel):
    """办理结果类别 (default A/B/C), configurable per committee."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("代码"), max_length=4)
    name = models.CharField(_("名称"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("办理结果类别")
        verbose_name_plural = _("办理结果类别")
        ordering: ClassVar = ["organisation", "sort_order", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "code"], name="result_category_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Proposal(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "orgs.Session",
        verbose_name=_("所属会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    period = models.CharField(_("类型"), max_length=10, choices=Period.choices, blank=True)
    number = models.PositiveIntegerField(_("提案号"), null=True, blank=True)
    numbering_stream = models.CharField(max_length=10, blank=True, editable=False)
    proposer_type = models.CharField(
        _("提案者类型"),
        max_length=20,
        choices=ProposerType.choices,
        default=ProposerType.INDIVIDUAL,
    )
    title = models.CharField(_("案由"), max_length=120)
    situation = models.TextField(_("情况"), blank=True)
    analysis = models.TextField(_("分析"), blank=True)
    suggestions = models.TextField(_("建议"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    suggested_units = models.ManyToManyField(
        "orgs.HandlingUnit", verbose_name=_("建议承办单位"), blank=True, related_name="+"
    )
    consent_to_publish = models.BooleanField(_("同意公开"), default=True)
    # Collective proposals (党派团体、界别小组、专委会) carry the body's name and contact.
    collective_name = models.CharField(_("提案单位"), max_length=80, blank=True)
    sector = models.ForeignKey(
        "orgs.Sector",
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committee = models.ForeignKey(
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_level = models.PositiveSmallIntegerField(_("当前审查级"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入提案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_proposals",
    )
    refusal_reason = models.ForeignKey(
        RefusalReason,
        verbose_name=_("不予立案理由"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_note = models.TextField(_("审查意见"), blank=True)
    conversion = models.CharField(
        _("转办方式"), max_length=12, choices=ConversionChoice.choices, blank=True, default=""
    )
    handling_mode = models.CharField(
        _("办理方式"), max_length=10, choices=HandlingMode.choices, blank=True
    )
    handling_round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    is_key = models.BooleanField(_("重点提案"), default=False)
    key_supervisor = models.ForeignKey(
        "members.Member",
        verbose_name=_("督办领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_excellent = models.BooleanField(_("优秀提案"), default=False)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering: ClassVar = ["-submitted_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "numbering_stream", "number"],
                condition=Q(number__isnull=False),
                name="proposal_number_unique_per_session",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body_length(self) -> int:
        return len(self.situation) + len(self.analysis) + len(self.suggestions)


class Proposer(TimeStampedModel):
    """A member behind a proposal: the first proposer or a co-signer (联名)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="proposers"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("身份"), max_length=10, choices=ProposerRole.choices)
    status = models.CharField(
        _("确认状态"), max_length=10, choices=CosignStatus.choices, default=CosignStatus.CONFIRMED
    )
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("提案人")
        verbose_name_plural = _("提案人")
        ordering: ClassVar = ["proposal", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["proposal", "member"], name="proposer_unique"),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(role="first"), name="proposer_one_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_role_display()}"


class ReviewStep(TimeStampedModel):
    """One reviewer's decision at one level (初审/复审/终审)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="review_steps"
    )
    level = models.PositiveSmallIntegerField(_("审查级"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("审查结果"), max_length=10, choices=ReviewOutcome.choices)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("审查记录")
        verbose_name_plural = _("审查记录")
        ordering: ClassVar = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} L{self.level} {self.outcome}"


class Assignment(TimeStampedModel):
    """交办: one handling unit's part in one round of handling."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("承办方式"), max_length=10, choices=AssignmentRole.choices)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.HANDLING,
        db_index=True,
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    due_on = models.DateField(_("办理期限"), db_index=True)
    objection_reason = models.TextField(_("申请调整理由"), blank=True)
    objected_at = models.DateTimeField(_("申请调整时间"), null=True, blank=True)
    extension_status = models.CharField(
        _("延期"), max_length=10, choices=ExtensionStatus.choices, blank=True, default=""
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_due_on = models.DateField(_("申请延至"), null=True, blank=True)
    meeting_form = models.CharField(
        _("面商方式"), max_length=10, choices=MeetingForm.choices, blank=True
    )
    meeting_on = models.DateField(_("面商日期"), null=True, blank=True)
    meeting_notes = models.TextField(_("面商情况"), blank=True)
    last_reminded_on = models.DateField(_("最近催办日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering: ClassVar = ["proposal", "round", "role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"], name="assignment_unique_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.unit} ({self.get_role_display()})"


class Reply(TimeStampedModel):
    """答复函 from the lead unit (or each unit in 分办), for one round."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("答复正文"))
    result_category = models.ForeignKey(
        ResultCategory, verbose_name=_("办理结果类别"), on_delete=models.PROTECT, related_name="+"
    )
    publicity = models.CharField(
        _("公开属性"), max_length=12, choices=Publicity.choices, default=Publicity.PUBLIC
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering: ClassVar = ["assignment", "-created_at"]

    def __str__(self) -> str:
        return f"reply {self.pk} to {self.assignment_id}"


class ReplyCosign(TimeStampedModel):
    """会签: a co-handling unit's agreement to the lead unit's reply."""

    reply = models.ForeignKey(
        Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="cosigns"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("会办单位"), on_delete=models.CASCADE, related_name="+"
    )
    agreed = models.BooleanField(_("同意"), null=True)
    comment = models.TextField(_("会签意见"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("会签时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会签")
        verbose_name_plural = _("会签")
        ordering: ClassVar = ["reply", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["reply", "assignment"], name="reply_cosign_unique")
        ]

    def __str__(self) -> str:
        return f"cosign {self.assignment_id}"


class Feedback(TimeStampedModel):
    """A proposer's rating of one round of handling (办理态度、办理结果)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="feedback"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Satisfaction.choices)
    result = models.CharField(_("办理结果"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    offline = models.BooleanField(_("代为录入（委员线下评价）"), default=False)

    class Meta:
        verbose_name = _("委员评价")
        verbose_name_plural = _("委员评价")
        ordering: ClassVar = ["proposal", "round", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["proposal", "member", "round"], name="feedback_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.member_id} r{self.round}"


class SupervisionLog(TimeStampedModel):
    """督办: what the supervising leader did for a key proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="supervision"
    )
    held_on = models.DateField(_("日期"))
    form = models.CharField(_("方式"), max_length=40)
    notes = models.TextField(_("情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering: ClassVar = ["proposal", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.held_on}"


class NumberCounter(models.Model):
    """Locked while a 提案号 is allocated, so numbers are sequential with no gaps."""

    session = models.ForeignKey("orgs.Session", on_delete=models.CASCADE, related_name="+")
    stream = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("提案号计数")
        verbose_name_plural = _("提案号计数")
        ordering: ClassVar = ["session", "stream"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "stream"], name="number_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.stream}: {self.last_number}"


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """`proposals/<org id>/<yyyy>/<uuid4 hex>`: the person's file name never reaches the disk
    (it is kept in `original_name` and only ever used in the download's header)."""
    year = timezone.localdate().year
    return f"proposals/{instance.proposal.organisation_id}/{year}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    """附件: a file the author adds to a draft (材料、数据、照片), checked by type and content."""

    # What services.attachment_add accepts (ningju.core.uploads checks extension and content).
    ALLOWED_TYPES: ClassVar[frozenset[str]] = frozenset(
        {"pdf", "docx", "xlsx", "jpg", "jpeg", "png"}
    )
    MAX_BYTES: ClassVar[int] = 10 * 1024 * 1024
    MAX_PER_PROPOSAL: ClassVar[int] = 5

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="attachments"
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
        verbose_name = _("提案附件")
        verbose_name_plural = _("提案附件")
        ordering: ClassVar = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
