"""Reads for proposals. Who sees which proposal is decided here, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.core.errors import NotFoundOrForbidden

from .choices import AssignmentStatus, Status
from .models import Assignment, Proposal, Proposer


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """Office staff and proposal leaders: every non-draft proposal of their committee.
    Members: the proposals they wrote, are proposers of, or were invited to co-sign.
    Handling units: the proposals assigned to them.
    """
    principal = user.principal
    qs = Proposal.objects.visible_to(user)
    staff_like = (
        principal.has(Role.OFFICE_STAFF, Role.CHAIR_MEETING) or principal.directs_proposal_committee
    )
    condition = Q(pk__in=[])
    if staff_like:
        condition |= ~Q(status=Status.DRAFT)
    if principal.member_id:
        # Co-signers see a joint proposal once it is sent, never the author's unsent draft.
        condition |= Q(created_by_id=user.pk) | (
            ~Q(status=Status.DRAFT)
            & Q(
                Exists(
                    Proposer.objects.filter(proposal=OuterRef("pk"), member_id=principal.member_id)
                )
            )
        )
    if principal.handling_unit_id:
        condition |= Q(
            Exists(
                Assignment.objects.filter(
                    proposal=OuterRef("pk"), unit_id=principal.handling_unit_id
                ).exclude(status=AssignmentStatus.WITHDRAWN)
            )
        )
    return qs.filter(condition)


def proposal_get(*, user: Any, proposal_id: int) -> Proposal:
    proposal = (
        proposals_visible_to(user)
        .select_related("category", "category__parent", "session__term", "merged_into")
        .prefetch_related(
            Prefetch("proposers", queryset=Proposer.objects.select_related("member")),
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFoundOrForbidden()
    return proposal


def assignment_get(*, user: Any, assignment_id: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("proposal", "unit")
        .filter(pk=assignment_id, proposal__in=proposals_visible_to(user))
        .first()
    )
    if assignment is None:
        raise NotFoundOrForbidden()
    return assignment


def proposal_list(*, user: Any, status: str = "", query: str = "") -> QuerySet[Proposal]:
    qs = proposals_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if query:
        from ningju.textmatch.normalize import search_variants

        condition = Q()
        for text in search_variants(query):
            condition |= Q(title__icontains=text)
            if text.isdigit():
                condition |= Q(number=int(text))
        qs = qs.filter(condition)
    return qs.select_related("category__parent", "session__term").prefetch_related(
        Prefetch(
            "proposers",
            queryset=Proposer.objects.filter(role="first").select_related("member"),
            to_attr="first_proposers",
        )
    )


def unit_assignments(*, user: Any, status: str = "") -> QuerySet[Assignment]:
    unit_id = user.principal.handling_unit_id
    if not unit_id:
        return Assignment.objects.none()
    qs = Assignment.objects.filter(unit_id=unit_id, proposal__organisation_id=user.principal.org)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("proposal", "proposal__session__term", "unit").order_by("due_on", "id")


@dataclass(frozen=True)
class PublicReply:
    """One line of 提案答复公开 on the public site."""

    title: str
    unit: str
    number: int | None
    replied_on: date | None


def replies_public(*, organisation: Any, limit: int = 5) -> list[PublicReply]:
    """Replies the office has approved, marked 主动公开, on proposals whose proposers agreed
    to publication (答复公开, domain.md §1.13): newest first, one query."""
    from .choices import Publicity, ReplyStatus
    from .models import Reply

    rows = (
        Reply.objects.filter(
            status=ReplyStatus.APPROVED,
            publicity=Publicity.PUBLIC,
            assignment__proposal__organisation=organisation,
            assignment__proposal__consent_to_publish=True,
        )
        .select_related("assignment__proposal", "assignment__unit")
        .order_by("-reviewed_at", "-id")[:limit]
    )
    return [
        PublicReply(
            title=reply.assignment.proposal.title,
            unit=str(reply.assignment.unit),
            number=reply.assignment.proposal.number,
            replied_on=timezone.localdate(reply.reviewed_at) if reply.reviewed_at else None,
        )
        for reply in rows
    ]
