"""A committee's own additions to the maintained word list (the shipped list is a data file)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet


class TermCategory(models.TextChoices):
    OBSCENE = "obscene", _("色情低俗")
    GAMBLING = "gambling", _("赌博")
    FRAUD = "fraud", _("诈骗")
    ILLEGAL_TRADE = "illegal_trade", _("违法交易")
    CULT = "cult", _("邪教")
    VIOLENCE = "violence", _("暴力恐怖")
    ADVERTISING = "advertising", _("垃圾广告")
    OTHER = "other", _("其他")


class TermWeight(models.TextChoices):
    BLOCK = "block", _("出现即拦截")
    SUSPECT = "suspect", _("可疑（两个以上或伴随其他迹象才拦截）")


class ModerationTerm(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("所属组织"), on_delete=models.CASCADE
    )
    term = models.CharField(_("词语"), max_length=40)
    category = models.CharField(
        _("类别"), max_length=20, choices=TermCategory.choices, default=TermCategory.OTHER
    )
    weight = models.CharField(
        _("处理方式"), max_length=10, choices=TermWeight.choices, default=TermWeight.BLOCK
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ("category", "term")
        constraints = (
            models.UniqueConstraint(
                fields=("organisation", "term"), name="moderation_term_unique_per_organisation"
            ),
        )

    def __str__(self) -> str:
        return self.term
