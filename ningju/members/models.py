"""Members (委员) and their seat in each term."""

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
    CommitteePosition,
    LeadershipPosition,
    MembershipStatus,
    PoliticalAffiliation,
    Sex,
)


class Member(TimeStampedModel):
    """A person who is or was a member of one organisation's committee.

    Someone who sits on both the prefecture and a county committee has one record in each,
    because each committee keeps its own file (一届一人一档).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=40)
    name_ko = models.CharField(_("朝鲜文姓名"), max_length=40, blank=True)
    name_sort_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices)
    ethnicity = models.CharField(_("民族"), max_length=12)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    political_affiliation = models.CharField(
        _("政治面貌"), max_length=12, choices=PoliticalAffiliation.choices
    )
    education = models.CharField(_("学历"), max_length=20, blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    job_title = models.CharField(_("职务职称"), max_length=100, blank=True)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    address = EncryptedTextField(_("通讯地址"), blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    expertise = models.CharField(_("专长领域"), max_length=200, blank=True)
    biography = models.TextField(_("个人简介"), blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    # blind-index field → (encrypted field, purpose); recomputed when the field key rotates.
    BLIND_INDEXES: ClassVar[dict[str, tuple[str, str]]] = {
        "id_number_index": ("id_number", "id_number"),
        "phone_index": ("phone", "phone"),
    }

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering: ClassVar = ["name_sort_key", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "id_number_index"],
                condition=~Q(id_number_index=""),
                name="member_unique_id_number_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A member's seat in one term: sector, standing-committee flag, leadership position."""

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="memberships"
    )
    term = models.ForeignKey(
        "orgs.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="memberships"
    )
    sector = models.ForeignKey(
        "orgs.Sector", verbose_name=_("界别"), on_delete=models.PROTECT, related_name="memberships"
    )
    is_standing_committee = models.BooleanField(_("常委"), default=False)
    leadership_position = models.CharField(
        _("领导职务"),
        max_length=20,
        choices=LeadershipPosition.choices,
        blank=True,
        default=LeadershipPosition.NONE,
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    committees = models.ManyToManyField(  # type: ignore[var-annotated]
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        through="CommitteeSeat",
        related_name="memberships",
        blank=True,
    )

    class Meta:
        verbose_name = _("委员任职")
        verbose_name_plural = _("委员任职")
        ordering: ClassVar = ["term", "member"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "term"], name="membership_unique_term"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.term}"


class CommitteeSeat(TimeStampedModel):
    membership = models.ForeignKey(
        Membership, verbose_name=_("委员任职"), on_delete=models.CASCADE, related_name="seats"
    )
    committee = models.ForeignKey(
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    position = models.CharField(
        _("职务"),
        max_length=20,
        choices=CommitteePosition.choices,
        default=CommitteePosition.MEMBER,
    )

    class Meta:
        verbose_name = _("专委会任职")
        verbose_name_plural = _("专委会任职")
        ordering: ClassVar = ["committee", "membership"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["membership", "committee"], name="seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_position_display()}"


class MemberImport(TimeStampedModel):
    """One upload of the member spreadsheet, validated and committed all-or-nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("有错误，未导入")
        COMMITTED = "committed", _("已导入")
        FAILED = "failed", _("处理失败")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员导入")
        verbose_name_plural = _("委员导入")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in {self.Status.COMMITTED, self.Status.INVALID} else 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))
