"""The one place that decides whether a matter is overdue or due soon.

Deadlines are calendar dates in the organisation's time zone (settings.TIME_ZONE,
Asia/Shanghai): a matter promised for 6 June is on time all of 6 June local time and
overdue from 00:00 on 7 June, whatever the server's clock zone is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .choices import Status

OPEN_STATUSES = frozenset({Status.PLANNED, Status.IN_PROGRESS})
DUE_SOON_DAYS = 7


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now())


def is_overdue(matter: Any, *, now: datetime | None = None) -> bool:
    """Still open (not yet reported done) after its promised date."""
    return matter.status in OPEN_STATUSES and matter.deadline < today(now)


def days_left(matter: Any, *, now: datetime | None = None) -> int:
    """Negative when overdue."""
    return (matter.deadline - today(now)).days


def is_due_soon(matter: Any, *, now: datetime | None = None) -> bool:
    return matter.status in OPEN_STATUSES and 0 <= days_left(matter, now=now) <= DUE_SOON_DAYS


def overdue_q(*, now: datetime | None = None) -> Q:
    """The same rule as `is_overdue`, for querysets."""
    return Q(status__in=list(OPEN_STATUSES), deadline__lt=today(now))


def due_soon_q(*, now: datetime | None = None) -> Q:
    start = today(now)
    return Q(
        status__in=list(OPEN_STATUSES),
        deadline__gte=start,
        deadline__lte=start + timedelta(days=DUE_SOON_DAYS),
    )
