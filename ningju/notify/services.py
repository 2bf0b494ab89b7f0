"""Writes for notifications: `notify` (called by every workflow), sending, marking read."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Set
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from .channels import channel_for
from .choices import ALL_CHANNELS, INAPP, Channel, DeliveryStatus
from .links import is_local_path
from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Delivery, Notification
from .selectors import inbox, notification_get_own

if TYPE_CHECKING:
    from ningju.accounts.models import User

logger = logging.getLogger("ningju.notify")

# A lazy string, or a function called with the recipient's language active: use one when
# the text has placeholders, since `gettext_lazy(...) % {...}` is translated at once.
Text = str | Promise | Callable[[], str]

DEFAULT_CHANNELS: frozenset[str] = frozenset({INAPP, Channel.EMAIL})
# Every send counts, the first one included: a delivery is tried at most this many times.
MAX_ATTEMPTS = 3
# A pending delivery untouched this long lost its task (a crash between commit and
# enqueue, or during the send): `ningju notify retry` picks it up again.
STALE_PENDING_AFTER = timedelta(minutes=10)

# Stored as source text (data, shown to staff later), translated when displayed.
SKIP_NO_EMAIL = gettext_noop("未登记电子邮箱")
SKIP_NO_PHONE = gettext_noop("未登记手机号")
SKIP_NO_WECHAT = gettext_noop("未绑定微信")
SKIP_INACTIVE = gettext_noop("账号已停用")


def _language_of(user: User) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = user.preferred_language
    return language if language in codes else settings.LANGUAGE_CODE


def _render(text: Text, limit: int) -> str:
    value = text() if callable(text) else text
    return Truncator(" ".join(str(value).split())).chars(limit)


def _wechat_openid(user: User) -> str:
    # No WeChat binding exists yet: every WeChat delivery is skipped until one does.
    return str(getattr(user, "wechat_openid", "") or "")


def _address(channel: str, user: User) -> tuple[str, str]:
    """(address, reason it is missing) for one channel of one person."""
    if channel == Channel.EMAIL:
        return user.email, SKIP_NO_EMAIL
    if channel == Channel.SMS:
        return user.phone, SKIP_NO_PHONE
    return _wechat_openid(user), SKIP_NO_WECHAT


def _recipients(
    recipients: Iterable[User], *, organisation_id: int, exclude: User | None
) -> list[User]:
    seen: set[int] = set()
    if exclude is not None:
        seen.add(exclude.pk)
    people = []
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if user.organisation_id != organisation_id:
            # A person acts within their own organisation, and the inbox shows only that
            # organisation's notifications: this one could never be read.
            logger.warning(
                "notification skipped: user %s is not in organisation %s", user.pk, organisation_id
            )
            continue
        people.append(user)
    return people


def _enqueue(delivery_id: int) -> None:
    from .tasks import deliver

    deliver.enqueue(delivery_id)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    event: str,
    title: Text,
    body: Text,
    url: str,
    organisation: Any,
    channels: Set[str] = DEFAULT_CHANNELS,
    important: bool = False,
    exclude: User | None = None,
) -> list[Notification]:
    """Tell `recipients` that `event` happened; returns the in-app notifications created.

    - In-app rows are written inside the caller's transaction. The in-app notification is
      always created ("inapp" in `channels` is implied): it is what each delivery hangs from.
    - External channels ("email", "sms", "wechat" in `channels`) get one `Delivery` row per
      recipient and are sent by the `deliver` task only after the transaction commits, so a
      rollback sends nothing and a slow gateway never holds up a page. Email needs an
      address on the account; SMS is sent only when `important` is true and the account
      has a phone; WeChat has no binding yet, so it is always skipped ("未绑定微信"). A
      channel that cannot be used leaves a `skipped` row with the reason.
    - Recipients are de-duplicated; inactive accounts, `exclude` (usually the acting user)
      and accounts outside `organisation` are left out.
    - Texts are rendered per recipient with `translation.override(preferred_language)`, so
      pass lazy strings (`gettext_lazy("提案已立案")`) or, for texts with placeholders, a
      function that builds the string when called:
      `body=lambda: gettext("您的提案《%(title)s》已立案。") % {"title": proposal.title}`.
      `title` is cut to 200 characters, `body` to 500 (plain text, whitespace collapsed).
    - `url` must be a path on this site ("/proposals/12/"); anything else raises ValueError.
    """
    unknown = set(channels) - ALL_CHANNELS
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    if url and not is_local_path(url):
        raise ValueError(f"notification url must be a local path, got {url!r}")
    organisation_id: int = getattr(organisation, "pk", organisation)
    people = _recipients(recipients, organisation_id=organisation_id, exclude=exclude)
    if not people:
        return []

    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in people:
        language = _language_of(user)
        if language not in texts:
            with translation.override(language):
                texts[language] = (
                    _render(title, TITLE_MAX_LENGTH),
                    _render(body, BODY_MAX_LENGTH),
                )
        rendered_title, rendered_body = texts[language]
        rows.append(
            Notification(
                organisation_id=organisation_id,
                recipient=user,
                event=event,
                title=rendered_title,
                body=rendered_body,
                url=url,
            )
        )
    notifications = Notification.objects.bulk_create(rows)

    external = [c for c in Channel.values if c in channels]
    if Channel.SMS in external and not important:
        external.remove(Channel.SMS)
    deliveries = []
    for notification in notifications:
        for channel in external:
            address, reason = _address(channel, notification.recipient)
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    status=DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
                    last_error="" if address else reason,
                )
            )
    Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        if delivery.status == DeliveryStatus.PENDING:
            transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return notifications


def _finish(delivery: Delivery, status: str, **fields: Any) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, updated_at=timezone.now(), **fields
    )
    return status


def delivery_send(*, delivery_id: int) -> str:
    """Send one pending or failed delivery through its channel; returns the new status.

    Claiming is a compare-and-set on (status, attempts), not a row lock, so two workers
    never send the same attempt and no transaction stays open while a gateway answers.
    """
    delivery = (
        Delivery.objects.select_related("notification__recipient").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "missing"
    if (
        delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
        or delivery.attempts >= MAX_ATTEMPTS
    ):
        return delivery.status
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
    ).update(attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return "claimed"
    notification = delivery.notification
    user = notification.recipient
    if not user.is_active:
        return _finish(delivery, DeliveryStatus.SKIPPED, last_error=SKIP_INACTIVE)
    address, reason = _address(delivery.channel, user)
    if not address:
        return _finish(delivery, DeliveryStatus.SKIPPED, last_error=reason)
    try:
        with translation.override(_language_of(user)):
            channel_for(delivery.channel).send(
                to=address, title=notification.title, body=notification.body, url=notification.url
            )
    except Exception as exc:
        # Whatever a gateway raises is recorded for the retry command and the staff.
        logger.warning(
            "notification delivery %s (%s) failed: %s", delivery.pk, delivery.channel, exc
        )
        return _finish(
            delivery, DeliveryStatus.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:1000]
        )
    return _finish(delivery, DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")


def deliveries_retry() -> Counter[str]:
    """Send again every failed delivery with attempts left, and every stale pending one.

    Returns how many ended in each status. Run by `ningju notify retry` (cron or timer).
    """
    cutoff = timezone.now() - STALE_PENDING_AFTER
    ids = list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.FAILED)
            | Q(status=DeliveryStatus.PENDING, updated_at__lt=cutoff),
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    return Counter(delivery_send(delivery_id=pk) for pk in ids)


def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (again is harmless).

    Raises NotFoundOrForbidden for someone else's notification, as for a missing one.
    """
    notification = notification_get_own(user=user, notification_id=notification_id)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return inbox(user=user).filter(read_at__isnull=True).update(read_at=timezone.now())
