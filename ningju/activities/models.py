"""Member activities and campaigns, the six study kinds, 书香政协 reading, staff study.

Every record belongs to an organisation and is read through `visible_to(user)`. Outcome
figures live on the activity and are summed by the database (selectors.py) only over
confirmed activities.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import ActivityKind, ActivityStatus, Cadence, OrganiserKind, StudyKind

# The outcome figures an activity reports and campaigns set targets for.
FIGURES: tuple[str, ...] = (
    "people_served",
    "value_donated",
    "items_donated",
    "trees_planted",
    "projects_signed",
)


def _upload_to(prefix: str, organisation_id: int) -> str:
    """`<prefix>/<org>/<yyyy>/<uuid4 hex>`: the person's file name never reaches the disk."""
    return f"{prefix}/{organisation_id}/{timezone.localdate().year}/{uuid.uuid4().hex}"


def photo_upload_to(instance: ActivityPhoto, filename: str) -> str:
    return _upload_to("activities", instance.activity.organisation_id) + ".jpg"


def material_upload_to(instance: StudyMaterial, filename: str) -> str:
    return _upload_to("study", instance.session.organisation_id)


def cover_upload_to(instance: Book, filename: str) -> str:
    return _upload_to("books", instance.organisation_id) + ".jpg"


def talk_upload_to(instance: StaffTalk, filename: str) -> str:
    return _upload_to("talks", instance.organisation_id)


class Figures(models.Model):
    """The five outcome figures (also the targets of a campaign); never negative."""

    people_served = models.PositiveIntegerField(_("服务群众（人次）"), default=0)
    value_donated = models.DecimalField(
        _("捐赠价值（元）"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    items_donated = models.PositiveIntegerField(_("捐赠物品（件）"), default=0)
    trees_planted = models.PositiveIntegerField(_("植树（棵）"), default=0)
    projects_signed = models.PositiveIntegerField(_("签约项目（个）"), default=0)

    class Meta:
        abstract = True


def _non_negative(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": 0}), name=f"{prefix}_{name}_not_negative"
        )
        for name in FIGURES
    ]


class Campaign(TimeStampedModel, Figures):
    """A themed campaign (e.g. “进基层、话铸牢、抓项目、展形象”, 五大工程/十大行动) with a
    period and target figures; confirmed activities tagged with it count towards it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_activities = models.PositiveIntegerField(_("活动场次目标"), default=0)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动主题")
        verbose_name_plural = _("活动主题")
        ordering: ClassVar = ["-starts_on", "title", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_valid"
            ),
            *_non_negative("campaign"),
        ]

    def __str__(self) -> str:
        return self.title


class Brand(TimeStampedModel):
    """一委一品: a special committee's brand (经纬沙龙, 政协委员爱心驿站 …)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("品牌名称"), max_length=80)
    committee = models.ForeignKey(
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("说明"), blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("一委一品品牌")
        verbose_name_plural = _("一委一品品牌")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="brand_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Activity(TimeStampedModel, Figures):
    """委员活动: what members did, with whom, and what came of it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    organiser_kind = models.CharField(
        _("组织方"),
        max_length=20,
        choices=OrganiserKind.choices,
        default=OrganiserKind.ORGANISATION,
    )
    committee = models.ForeignKey(
        "orgs.SpecialCommittee",
        verbose_name=_("专门委员会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.ForeignKey(
        "orgs.Sector",
        verbose_name=_("界别"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("活动主题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("一委一品品牌"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    occurred_on = models.DateField(_("活动日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=120)
    report = models.TextField(_("活动简报"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a member records their own activity (it then needs the office's confirmation).
    reported_by = models.ForeignKey(
        "members.Member",
        verbose_name=_("填报委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    participants = models.ManyToManyField(  # type: ignore[var-annotated]
        "members.Member",
        verbose_name=_("参加委员"),
        through="Participation",
        related_name="activities",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员活动")
        verbose_name_plural = _("委员活动")
        ordering: ClassVar = ["-occurred_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status", "occurred_on"])]
        constraints: ClassVar = _non_negative("activity")

    def __str__(self) -> str:
        return self.title


class Participation(TimeStampedModel):
    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("参加委员")
        verbose_name_plural = _("参加委员")
        ordering: ClassVar = ["activity", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["activity", "member"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.member_id}"


class ActivityPhoto(TimeStampedModel):
    """A photo, re-encoded as JPEG (at most MAX_SIDE pixels a side) when received."""

    MAX_BYTES: ClassVar[int] = 10 * 1024 * 1024
    MAX_PER_ACTIVITY: ClassVar[int] = 9

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to=photo_upload_to, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering: ClassVar = ["activity", "id"]

    def __str__(self) -> str:
        return self.original_name


# --------------------------------------------------------------------------- study


class StudySession(TimeStampedModel):
    """A study session of one of the six kinds (“六学”)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("学习类型"), max_length=24, choices=StudyKind.choices)
    title = models.CharField(_("学习主题"), max_length=150)
    held_on = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    speaker = models.CharField(_("主讲人"), max_length=60, blank=True)
    summary = models.TextField(_("学习内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(  # type: ignore[var-annotated]
        "members.Member",
        verbose_name=_("参加委员"),
        through="StudyAttendance",
        related_name="study_sessions",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习活动")
        verbose_name_plural = _("学习活动")
        ordering: ClassVar = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class StudyAttendance(TimeStampedModel):
    session = models.ForeignKey(
        StudySession, verbose_name=_("学习活动"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("学习出勤")
        verbose_name_plural = _("学习出勤")
        ordering: ClassVar = ["session", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "member"], name="study_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"


class StudyMaterial(TimeStampedModel):
    ALLOWED_TYPES: ClassVar[frozenset[str]] = frozenset({"pdf", "docx", "xlsx", "jpg", "png"})
    MAX_BYTES: ClassVar[int] = 20 * 1024 * 1024

    session = models.ForeignKey(
        StudySession, verbose_name=_("学习活动"), on_delete=models.CASCADE, related_name="materials"
    )
    file = models.FileField(_("文件"), upload_to=material_upload_to, max_length=200)
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
        verbose_name = _("学习材料")
        verbose_name_plural = _("学习材料")
        ordering: ClassVar = ["session", "id"]

    def __str__(self) -> str:
        return self.original_name


class StudyNote(TimeStampedModel):
    """A member's 心得 on a session: one per member, which they may rewrite."""

    session = models.ForeignKey(
        StudySession, verbose_name=_("学习活动"), on_delete=models.CASCADE, related_name="notes"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("学习心得"))

    class Meta:
        verbose_name = _("学习心得")
        verbose_name_plural = _("学习心得")
        ordering: ClassVar = ["session", "-updated_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "member"], name="study_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"


# --------------------------------------------------------------------------- reading


class Book(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("书名"), max_length=150)
    author = models.CharField(_("作者"), max_length=100)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    cover = models.FileField(_("封面"), upload_to=cover_upload_to, max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("图书")
        verbose_name_plural = _("图书")
        ordering: ClassVar = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class ReadingGroup(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("小组名称"), max_length=80)
    description = models.TextField(_("说明"), blank=True)
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("组员"), related_name="reading_groups", blank=True
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("读书小组")
        verbose_name_plural = _("读书小组")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="reading_group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CheckIn(TimeStampedModel):
    """读书打卡: a member read a book on a day."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    book = models.ForeignKey(
        Book, verbose_name=_("图书"), on_delete=models.PROTECT, related_name="checkins"
    )
    read_on = models.DateField(_("阅读日期"))
    pages = models.PositiveIntegerField(_("页数"), default=0)
    minutes = models.PositiveIntegerField(_("分钟"), default=0)
    note = models.CharField(_("简短感想"), max_length=200, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("读书打卡")
        verbose_name_plural = _("读书打卡")
        ordering: ClassVar = ["-read_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["member", "read_on"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(pages__gt=0) | Q(minutes__gt=0), name="checkin_read_something"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.book_id}:{self.read_on}"


class ReadingNote(TimeStampedModel):
    """读书笔记: a member's longer note on a book."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    book = models.ForeignKey(
        Book, verbose_name=_("图书"), on_delete=models.PROTECT, related_name="notes"
    )
    text = models.TextField(_("读书笔记"))

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("读书笔记")
        verbose_name_plural = _("读书笔记")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.book_id}"


# --------------------------------------------------------------------------- staff study


class StaffStudyItem(TimeStampedModel):
    """周学、月讲、季培训: one planned item of the office's study calendar."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    cadence = models.CharField(_("类别"), max_length=12, choices=Cadence.choices)
    title = models.CharField(_("学习内容"), max_length=150)
    planned_on = models.DateField(_("计划日期"), db_index=True)
    description = models.TextField(_("说明"), blank=True)
    completed_by = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL,
        verbose_name=_("已完成"),
        through="StaffStudyCompletion",
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("机关学习计划")
        verbose_name_plural = _("机关学习计划")
        ordering: ClassVar = ["planned_on", "id"]

    def __str__(self) -> str:
        return self.title


class StaffStudyCompletion(TimeStampedModel):
    item = models.ForeignKey(
        StaffStudyItem, verbose_name=_("学习计划"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("机关干部"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("机关学习完成情况")
        verbose_name_plural = _("机关学习完成情况")
        ordering: ClassVar = ["item", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "user"], name="staff_study_completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.user_id}"


class StaffTalk(TimeStampedModel):
    """机关干部上台讲: who spoke, on what, when, with the slides or text."""

    ALLOWED_TYPES: ClassVar[frozenset[str]] = frozenset({"pdf", "docx", "xlsx", "jpg", "png"})
    MAX_BYTES: ClassVar[int] = 20 * 1024 * 1024

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("主讲人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("题目"), max_length=150)
    given_on = models.DateField(_("日期"))
    summary = models.TextField(_("内容摘要"), blank=True)
    material = models.FileField(_("材料"), upload_to=talk_upload_to, max_length=200, blank=True)
    material_name = models.CharField(_("材料文件名"), max_length=200, blank=True)
    material_type = models.CharField(_("材料类型"), max_length=100, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("机关干部上台讲")
        verbose_name_plural = _("机关干部上台讲")
        ordering: ClassVar = ["-given_on", "-id"]

    def __str__(self) -> str:
        return self.topic
