from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from ningju.core.errors import NotFoundOrForbidden
from ningju.members.models import Member

from .models import DutyRecord


def duty_records_of(*, user: Any, member: Member, year: int | None = None) -> QuerySet[DutyRecord]:
    if not user.has_perm("performance.view_duty_records", member):
        raise NotFoundOrForbidden()
    qs = DutyRecord.objects.visible_to(user).filter(member=member, is_void=False)
    if year:
        qs = qs.filter(occurred_on__year=year)
    return qs.order_by("-occurred_on", "-id")


def duty_summary(records: QuerySet[DutyRecord]) -> list[dict[str, Any]]:
    return list(records.order_by().values("kind").annotate(count=Count("id")).order_by("-count"))
