"""Reads for notifications. A person only ever sees their own inbox."""

from __future__ import annotations

from typing import Any

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.scoping import OrganisationScopedQuerySet

from .models import Notification


def inbox(*, user: Any) -> OrganisationScopedQuerySet[Notification]:
    """The user's own notifications in their organisation, newest first."""
    return Notification.objects.visible_to(user).filter(recipient_id=user.pk)


def unread_count(*, user: Any) -> int:
    """One COUNT query (on the recipient/read_at index)."""
    return inbox(user=user).filter(read_at__isnull=True).count()


def notification_get_own(*, user: Any, notification_id: int) -> Notification:
    """One of the user's own notifications; the same error for missing and someone else's."""
    notification = inbox(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundOrForbidden()
    return notification
