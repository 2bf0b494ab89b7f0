"""Organisations (政协委员会) and the structures each one owns."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel

from .choices import HandlingUnitKind, OfficeKind, OrganisationLevel, SectorKind


class Organisation(TimeStampedModel):
    """A CPPCC committee. The tree lets the prefecture read county statistics."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40)
    name_ko = models.CharField(_("朝鲜文名称"), max_length=120, blank=True)
    region = models.CharField(_("行政区"), max_length=40)
    level = models.CharField(_("层级"), max_length=20, choices=OrganisationLevel.choices)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering: ClassVar = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None) -> str:
        return self.name_ko if language == "ko" and self.name_ko else self.name

    def current_term(self) -> Term | None:
        return self.terms.filter(is_current=True).first()


class Term(TimeStampedModel):
    """届: numbered per organisation (延吉市 may be on its 15th while the prefecture is on its 14th)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    is_current = models.BooleanField(_("本届"), default=False)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering: ClassVar = ["organisation", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "number"], name="term_unique_number"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_current=True),
                name="term_one_current_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return _("第%(number)s届") % {"number": self.number}


class Session(TimeStampedModel):
    """次会议: the annual plenary of a term, e.g. 十四届四次会议."""

    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("次"))
    opens_on = models.DateField(_("开幕日期"))
    closes_on = models.DateField(_("闭幕日期"))

    class Meta:
        verbose_name = _("全体会议")
        verbose_name_plural = _("全体会议")
        ordering: ClassVar = ["term", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="session_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s届%(number)s次会议") % {"term": self.term.number, "number": self.number}


class OrganisationOwned(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True


class Sector(OrganisationOwned):
    """界别."""

    name = models.CharField(_("名称"), max_length=60)
    name_ko = models.CharField(_("朝鲜文名称"), max_length=80, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=SectorKind.choices)

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="sector_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SpecialCommittee(OrganisationOwned):
    """专门委员会."""

    name = models.CharField(_("名称"), max_length=60)
    name_ko = models.CharField(_("朝鲜文名称"), max_length=80, blank=True)
    is_proposal_committee = models.BooleanField(
        _("提案委员会"),
        default=False,
        help_text=_("其主任、副主任负责提案的复审和终审。"),
    )

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="committee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Office(OrganisationOwned):
    """机关内设机构: 办公室, 提案委, 研究室, 委员联络室…"""

    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=OfficeKind.choices)

    class Meta:
        verbose_name = _("工作机构")
        verbose_name_plural = _("工作机构")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="office_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(OrganisationOwned):
    """承办单位: a body that answers this committee's proposals, with its own accounts."""

    name = models.CharField(_("名称"), max_length=80)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=HandlingUnitKind.choices)
    contact_phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering: ClassVar = ["organisation", "sort_order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
