"""Reads of 办实事: who sees which matters, the public list of completed ones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from ningju.accounts.choices import Role
from ningju.core.errors import NotFoundOrForbidden

from . import deadlines
from .choices import Status
from .models import Matter


def _with_owners(queryset: QuerySet[Matter]) -> QuerySet[Matter]:
    return queryset.select_related("owner_member", "owner_unit", "organisation")


def matters_visible_to(*, user: Any) -> QuerySet[Matter]:
    """Office staff and the chair meeting see their organisation's matters; a member sees the
    ones they own; a handling unit sees its own."""
    principal = user.principal
    scoped = Matter.objects.visible_to(user)
    if principal.has(Role.OFFICE_STAFF, Role.CHAIR_MEETING):
        return _with_owners(scoped)
    ownership = Q(pk__in=[])
    if principal.member_id:
        ownership |= Q(owner_member_id=principal.member_id)
    if principal.handling_unit_id and principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER):
        ownership |= Q(owner_unit_id=principal.handling_unit_id)
    return _with_owners(scoped.filter(ownership))


def matter_get(*, user: Any, matter_id: int) -> Matter:
    matter = matters_visible_to(user=user).filter(pk=matter_id).first()
    if matter is None:
        raise NotFoundOrForbidden()
    return matter


def matter_list(
    *, user: Any, status: str = "", overdue: bool = False, now: datetime | None = None
) -> QuerySet[Matter]:
    queryset = matters_visible_to(user=user)
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(deadlines.overdue_q(now=now))
    return queryset.order_by("deadline", "-id")


def matter_counts(*, user: Any, now: datetime | None = None) -> dict[str, int]:
    """Counts by status plus overdue and due soon, in one query."""
    aggregates: dict[str, Any] = {
        value: Count("id", filter=Q(status=value)) for value in Status.values
    }
    aggregates["overdue"] = Count("id", filter=deadlines.overdue_q(now=now))
    aggregates["due_soon"] = Count("id", filter=deadlines.due_soon_q(now=now))
    return matters_visible_to(user=user).aggregate(**aggregates)


def _public_completed(organisation: Any) -> QuerySet[Matter]:
    organisation_id = getattr(organisation, "pk", organisation)
    return (
        Matter.objects.filter(status=Status.COMPLETED, is_public=True)
        .filter(Q(organisation_id=organisation_id) | Q(organisation__parent_id=organisation_id))
        .select_related("organisation", "owner_unit", "owner_member")
        .order_by("-completed_at", "-id")
    )


def matters_completed_public(*, organisation: Any, limit: int) -> list[Matter]:
    """The latest completed matters that may be shown to anyone (portal home page).

    `organisation`: an Organisation or its id; its own matters and those of the committees
    directly below it (the prefecture's home page shows the counties' too). Only matters the
    office confirmed as completed and left public (`is_public`). Newest first, at most
    `limit`; one query. Fields safe to show: title, beneficiaries, location,
    completion_summary, completed_on, organisation.short_name, owner_unit.name,
    owner_member.name.
    """
    if limit <= 0:
        return []
    return list(_public_completed(organisation)[:limit])


def matters_completed_public_queryset(*, organisation: Any) -> QuerySet[Matter]:
    """The same list unsliced, for the paginated public page."""
    return _public_completed(organisation)
