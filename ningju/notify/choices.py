from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """External channels. The in-app notification itself is not a delivery: every
    notification is shown in the recipient's inbox, and deliveries hang from it."""

    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("未发送")


INAPP = "inapp"
ALL_CHANNELS = frozenset({INAPP, *Channel.values})
