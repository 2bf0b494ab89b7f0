"""Reads for 社情民意. Who sees which item is decided here, once."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ningju.accounts.choices import Role
from ningju.core.errors import NotFoundOrForbidden

from .choices import IssueStatus, Status
from .models import Contributor, Instruction, JournalIssue, Opinion
from .workflow import IN_JOURNAL, SCREENABLE


def is_office(user: Any) -> bool:
    return bool(user.principal.has(Role.OFFICE_STAFF))


def is_leader(user: Any) -> bool:
    principal = user.principal
    return bool(principal.has(Role.CHAIR_MEETING) or principal.directed_committee_ids)


def opinions_visible_to(user: Any) -> QuerySet[Opinion]:
    """Office staff: every submitted item of their committee. Leaders (主席会议成员,
    专委会主任): the items of published issues (confidential instructions stay hidden).
    Members: the items they wrote or are credited on (a draft only to its author)."""
    principal = user.principal
    qs = Opinion.objects.visible_to(user)
    condition = Q(pk__in=[])
    if principal.has(Role.OFFICE_STAFF):
        condition |= ~Q(status=Status.DRAFT)
    if is_leader(user):
        condition |= Q(status__in=IN_JOURNAL, issue__status=IssueStatus.PUBLISHED)
    if principal.member_id:
        condition |= Q(created_by_id=user.pk) | (
            ~Q(status=Status.DRAFT)
            & Q(
                Exists(
                    Contributor.objects.filter(
                        opinion=OuterRef("pk"), member_id=principal.member_id
                    )
                )
            )
        )
    elif not (principal.has(Role.OFFICE_STAFF) or is_leader(user)):
        return qs.none()
    return qs.filter(condition)


def _contributors() -> Any:
    return Prefetch("contributors", queryset=Contributor.objects.select_related("member"))


def opinion_get(*, user: Any, opinion_id: int) -> Opinion:
    opinion = (
        opinions_visible_to(user)
        .select_related("issue", "merged_into", "created_by")
        .prefetch_related(_contributors())
        .filter(pk=opinion_id)
        .first()
    )
    if opinion is None:
        raise NotFoundOrForbidden()
    return opinion


def instructions_visible(*, user: Any, opinion: Opinion) -> list[Instruction]:
    """Confidential instructions only for office staff and the contributors."""
    rows = list(opinion.instructions.all())
    if user.has_perm("opinions.see_feedback", opinion):
        return rows
    return [i for i in rows if not i.is_confidential]


def my_opinions(*, user: Any, year: int | None = None) -> QuerySet[Opinion]:
    member_id = user.principal.member_id
    qs = Opinion.objects.visible_to(user).filter(
        Q(created_by_id=user.pk)
        | (
            ~Q(status=Status.DRAFT)
            & Q(Exists(Contributor.objects.filter(opinion=OuterRef("pk"), member_id=member_id)))
        )
    )
    if year:
        qs = qs.filter(Q(submitted_at__year=year) | Q(submitted_at__isnull=True))
    return qs.select_related("issue").prefetch_related("adoptions", "instructions", "reports")


def screening_queue(*, user: Any, status: str = "", query: str = "") -> QuerySet[Opinion]:
    if not is_office(user):
        return Opinion.objects.none()
    qs = opinions_visible_to(user)
    qs = qs.filter(status=status) if status else qs.filter(status__in=SCREENABLE)
    if query:
        from ningju.textmatch.normalize import search_variants

        condition = Q()
        for text in search_variants(query):
            condition |= Q(title__icontains=text) | Q(edited_title__icontains=text)
        qs = qs.filter(condition)
    return (
        qs.select_related("issue").prefetch_related(_contributors()).order_by("submitted_at", "id")
    )


def issues_visible_to(user: Any) -> QuerySet[JournalIssue]:
    """The journal is read by office staff and by the committee's members and leaders."""
    principal = user.principal
    qs = JournalIssue.objects.visible_to(user)
    if principal.has(Role.OFFICE_STAFF):
        return qs
    if principal.has(Role.MEMBER):
        return qs.filter(status="published")
    return qs.none()


def issue_get(*, user: Any, issue_id: int) -> JournalIssue:
    issue = issues_visible_to(user).filter(pk=issue_id).first()
    if issue is None:
        raise NotFoundOrForbidden()
    return issue


def issue_items(issue: JournalIssue) -> list[Opinion]:
    return list(
        issue.opinions.prefetch_related(_contributors(), "reports", "adoptions").order_by(
            "issue_position", "id"
        )
    )


def issue_counts(*, issue_ids: list[int]) -> list[dict[str, int]]:
    from django.db.models import Count

    return list(
        Opinion.objects.filter(issue_id__in=issue_ids)
        .values("issue_id")
        .annotate(n=Count("id"))
        .order_by()
    )
