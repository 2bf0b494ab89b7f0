"""Public requests (有事来商量): what anyone may raise on /consult/, from submission to a
published outcome. A request points at the station, member or unit it was routed to, and at
the station reception entry that answered it; stations never point back here.
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

from .choices import RouteKind, Status, Subject


class PublicRequest(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("受理政协"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("查询码"), max_length=12, unique=True)
    subject = models.CharField(_("领域"), max_length=16, choices=Subject.choices)
    title = models.CharField(_("标题"), max_length=80)
    # The title in simplified characters, so a request written in Traditional is found.
    title_search = models.CharField(max_length=80, blank=True, editable=False)
    text = models.TextField(_("内容"))
    requester_name = models.CharField(_("称呼"), max_length=40, blank=True)
    phone = EncryptedTextField(_("手机号"))
    phone_index = models.CharField(max_length=32, db_index=True, editable=False)
    consent_at = models.DateTimeField(_("同意告知时间"))
    consent_version = models.CharField(_("告知版本"), max_length=20)
    publish_consent = models.BooleanField(_("同意公开办理结果"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    moderation_reasons = models.JSONField(_("审核提示"), default=list, blank=True)
    moderation_codes = models.JSONField(_("审核代码"), default=list, blank=True)
    status_note = models.TextField(_("处理说明"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_requests",
    )
    route_kind = models.CharField(
        _("转办对象类型"), max_length=10, choices=RouteKind.choices, blank=True
    )
    routed_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("转办委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("转办联络站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_requests",
    )
    routed_unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("转办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    outcome_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reception = models.ForeignKey(
        "stations.Reception",
        verbose_name=_("接待登记"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_requests",
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    BLIND_INDEXES: ClassVar[dict[str, tuple[str, str]]] = {"phone_index": ("phone", "phone")}

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_consent=True),
                name="public_request_published_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="public_request_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
