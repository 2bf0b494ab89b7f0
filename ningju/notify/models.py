"""Notifications: one in-app row per recipient, and the external deliveries made from it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ningju.core.models import TimeStampedModel
from ningju.core.scoping import OrganisationScopedQuerySet

from .choices import Channel, DeliveryStatus

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 500


class Notification(models.Model):
    """One message to one person, shown in their inbox and already in their language.

    `organisation` is the committee whose business the message is about (the recipient's
    own: see `services.notify`); `url` is a path inside this site, never an absolute URL.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("事件"), max_length=80)
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
    body = models.CharField(_("内容"), max_length=BODY_MAX_LENGTH, blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"], name="notify_recipient_read_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(TimeStampedModel):
    """One attempt-tracked send of a notification through an external channel.

    The address (email, phone, WeChat id) is read from the account when sending, so no
    personal data is copied here.
    """

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("通知"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=1000, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知投递")
        verbose_name_plural = _("通知投递")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["status", "updated_at"], name="notify_delivery_status_idx"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notify_delivery_one_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"
