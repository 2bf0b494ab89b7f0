"""The public site: per-organisation settings, columns, articles, reviews, approved snapshots."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import ArticleState, ColumnKind, ReviewDecision, ReviewLevel


class SiteSettings(TimeStampedModel):
    """One committee's public site: the footer lines and who may review."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="portal_settings",
    )
    sponsor = models.CharField(_("主办单位"), max_length=120)
    sponsor_ko = models.CharField(_("主办单位（朝鲜文）"), max_length=160, blank=True)
    icp_line = models.CharField(_("备案信息"), max_length=120, blank=True)
    address = models.CharField(_("地址"), max_length=160, blank=True)
    office_staff_may_review = models.BooleanField(
        _("机关工作人员可以审稿"),
        default=True,
        help_text=_("关闭后只有门户编辑可以初审、复审和终审。"),
    )
    stale_days = models.PositiveSmallIntegerField(_("新闻栏目更新提醒（天）"), default=14)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("门户设置")
        verbose_name_plural = _("门户设置")
        ordering: ClassVar = ["organisation"]

    def __str__(self) -> str:
        return self.sponsor


class Column(TimeStampedModel):
    """栏目 of one committee's site."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="portal_columns",
    )
    slug = models.SlugField(_("路径名"), max_length=40)
    name = models.CharField(_("栏目名称"), max_length=40)
    name_ko = models.CharField(_("栏目名称（朝鲜文）"), max_length=80, blank=True)
    kind = models.CharField(_("栏目类型"), max_length=20, choices=ColumnKind.choices)
    in_navigation = models.BooleanField(_("显示在导航"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    last_published_at = models.DateTimeField(_("最近发布时间"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="portal_column_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def label(self, language: str | None) -> str:
        return self.name_ko if language == "ko" and self.name_ko else self.name


class Article(TimeStampedModel):
    """The editable draft. The public site never shows it: it shows `Publication` rows."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("标题"), max_length=120)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    title_ko = models.CharField(_("朝鲜文标题"), max_length=200, blank=True)
    body_ko = models.TextField(_("朝鲜文正文"), blank=True)
    source = models.CharField(_("来源"), max_length=80, blank=True)
    author_name = models.CharField(_("作者"), max_length=80)
    editor_name = models.CharField(_("责任编辑"), max_length=40, blank=True)
    image = models.ImageField(_("题图"), upload_to="portal/%Y/%m/", blank=True)
    image_alt = models.CharField(_("题图说明"), max_length=120, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    review_round = models.PositiveSmallIntegerField(_("送审轮次"), default=0)
    publish_at = models.DateTimeField(_("定时发布"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    unpublish_reason = models.TextField(_("撤稿理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰稿人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering: ClassVar = ["-updated_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return self.title


class Review(TimeStampedModel):
    """One level of 三审: who decided what, in which round."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField(_("送审轮次"))
    level = models.PositiveSmallIntegerField(_("审核级别"), choices=ReviewLevel.choices)
    decision = models.CharField(_("审核结果"), max_length=10, choices=ReviewDecision.choices)
    comment = models.TextField(_("审核意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer_name = models.CharField(_("审核人姓名"), max_length=80)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering: ClassVar = ["article", "round", "level", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["article", "round", "level"],
                condition=Q(decision="pass"),
                name="portal_review_one_pass_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.get_level_display()} {self.reviewer_name}"


class Publication(TimeStampedModel):
    """The approved page content as it was published, and its SM3 digest.

    The public site renders `html` (or `html_ko`) and nothing else; `ningju portal verify`
    recomputes the digest and compares the page actually served with it.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="publications"
    )
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="publications"
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    is_current = models.BooleanField(_("当前版本"), default=True)
    title = models.CharField(_("标题"), max_length=120)
    title_ko = models.CharField(_("朝鲜文标题"), max_length=200, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    html = models.TextField(_("审定内容"))
    html_ko = models.TextField(_("审定内容（朝鲜文）"), blank=True)
    search_text = models.TextField(_("检索文本"), blank=True)
    digest = models.CharField(_("SM3摘要"), max_length=64)
    source_digest = models.CharField(_("稿件摘要"), max_length=64)
    published_at = models.DateTimeField(_("发布时间"))
    first_published_at = models.DateTimeField(_("首次发布时间"))

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发布版本")
        verbose_name_plural = _("发布版本")
        ordering: ClassVar = ["-first_published_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["article", "version"], name="portal_publication_version"
            ),
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_current=True), name="portal_one_current_version"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "is_current", "-first_published_at"]),
            models.Index(fields=["column", "is_current", "-first_published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Correction(TimeStampedModel):
    """更正记录: public on the article."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("更正说明"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")
        ordering: ClassVar = ["article", "created_at", "id"]

    def __str__(self) -> str:
        return self.note[:40]
