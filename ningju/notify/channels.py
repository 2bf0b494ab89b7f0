"""External channels behind one interface: email, SMS and WeChat.

Every backend has the same `send(*, to, title, body, url)` and raises on failure; the
caller (`services.delivery_send`) records the outcome. Email goes through Django's
`send_mail`, so `EMAIL_BACKEND` chooses SMTP, console or locmem. SMS and WeChat backends are
dotted paths in `NINGJU_SMS_BACKEND` and `NINGJU_WECHAT_BACKEND`; the defaults only write one
log line, so nothing leaves an isolated intranet until a gateway backend is configured.
A gateway backend is a class with a no-argument constructor and this `send` method.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from ningju.core.masking import mask_phone

from .choices import Channel as ChannelName

logger = logging.getLogger("ningju.notify")


class Channel(Protocol):
    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        """Send one message to one address; raise on failure."""


@dataclass(frozen=True)
class SentMessage:
    channel: str
    to: str
    title: str
    body: str
    url: str


# Messages "sent" by the locmem backends, like django.core.mail.outbox. Tests empty it.
outbox: list[SentMessage] = []


class EmailChannel:
    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        message = f"{body}\n\n{url}" if url else body
        send_mail(subject=title, message=message, from_email=None, recipient_list=[to])


class ConsoleSmsBackend:
    """Writes one log line instead of sending; the phone number is masked."""

    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        logger.info("SMS to %s: %s｜%s %s", mask_phone(to), title, body, url)


class ConsoleWechatBackend:
    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        logger.info("WeChat to %s: %s｜%s %s", to[:4] + "…", title, body, url)


class LocmemSmsBackend:
    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        outbox.append(SentMessage(ChannelName.SMS, to, title, body, url))


class LocmemWechatBackend:
    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        outbox.append(SentMessage(ChannelName.WECHAT, to, title, body, url))


def channel_for(name: str) -> Channel:
    """The configured backend of one channel ("email", "sms" or "wechat")."""
    if name == ChannelName.EMAIL:
        return EmailChannel()
    if name == ChannelName.SMS:
        backend: type[Channel] = import_string(settings.NINGJU_SMS_BACKEND)
        return backend()
    if name == ChannelName.WECHAT:
        backend = import_string(settings.NINGJU_WECHAT_BACKEND)
        return backend()
    raise ValueError(f"unknown notification channel {name!r}")
