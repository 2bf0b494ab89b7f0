"""/api/v1/notifications: the signed-in person's own notifications."""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from ningju.notify import selectors, services
from ningju.notify.models import Notification

from .schemas import ErrorOut

router = Router(tags=["notifications"])

PAGE_SIZE = 50


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPageOut(Schema):
    count: int
    unread: int
    page: int
    pages: int
    results: list[NotificationOut]


class NotificationFilters(Schema):
    unread_only: bool = False
    page: int = 1


class MarkedOut(Schema):
    marked: int


def _out(notification: Notification) -> NotificationOut:
    return NotificationOut.from_orm(notification)


@router.get("", response={200: NotificationPageOut, 401: ErrorOut})
def notification_list(request: HttpRequest, filters: Query[NotificationFilters]) -> dict:
    """Own notifications, newest first, 50 a page; `unread` counts all unread ones."""
    qs = selectors.inbox(user=request.user)
    if filters.unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "unread": selectors.unread_count(user=request.user),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_out(n) for n in page.object_list],
    }


@router.post("/read-all", response={200: MarkedOut, 401: ErrorOut})
def notification_mark_all_read(request: HttpRequest) -> dict:
    """Mark every own unread notification read; returns how many changed."""
    return {"marked": services.notifications_mark_all_read(user=request.user)}


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut}
)
def notification_mark_read(request: HttpRequest, notification_id: int) -> NotificationOut:
    """Mark one own notification read; someone else's answers 404 like a missing one."""
    return _out(services.notification_mark_read(user=request.user, notification_id=notification_id))
