"""Reads for members. Visibility comes from the organisation scope, applied once here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ningju.core.errors import NotFoundOrForbidden
from ningju.orgs.models import Term
from ningju.textmatch.normalize import search_variants

from .models import CommitteeSeat, Member, Membership


@dataclass(frozen=True)
class DirectoryFilters:
    term_id: int | None = None
    sector_id: int | None = None
    committee_id: int | None = None
    affiliation: str = ""
    ethnicity: str = ""
    query: str = ""
    standing_only: bool = False


def terms_visible_to(user: Any) -> QuerySet[Term]:
    return Term.objects.filter(organisation_id__in=user.principal.organisation_ids)


def default_term(user: Any) -> Term | None:
    return terms_visible_to(user).filter(is_current=True).first()


def membership_directory(*, user: Any, filters: DirectoryFilters) -> QuerySet[Membership]:
    """Seats in one term of the user's organisation, with what a directory row shows."""
    if not user.has_perm("members.view_directory"):
        return Membership.objects.none()
    members = Member.objects.visible_to(user)
    qs = Membership.objects.filter(member__in=members)
    term_id = filters.term_id or getattr(default_term(user), "pk", None)
    if term_id is None:
        return Membership.objects.none()
    qs = qs.filter(term_id=term_id)
    if filters.sector_id:
        qs = qs.filter(sector_id=filters.sector_id)
    if filters.committee_id:
        qs = qs.filter(
            pk__in=CommitteeSeat.objects.filter(committee_id=filters.committee_id).values(
                "membership_id"
            )
        )
    if filters.affiliation:
        qs = qs.filter(member__political_affiliation=filters.affiliation)
    if filters.ethnicity:
        qs = qs.filter(member__ethnicity=filters.ethnicity)
    if filters.standing_only:
        qs = qs.filter(is_standing_committee=True)
    if filters.query:
        condition = Q()
        for text in search_variants(filters.query):
            condition |= (
                Q(member__name__icontains=text)
                | Q(member__name_ko__icontains=text)
                | Q(member__work_unit__icontains=text)
                | Q(member__name_sort_key__icontains=text.lower())
            )
        qs = qs.filter(condition)
    return (
        qs.select_related("member", "sector", "term")
        .prefetch_related(
            Prefetch("seats", queryset=CommitteeSeat.objects.select_related("committee"))
        )
        .order_by("member__name_sort_key", "member_id")
    )


def member_get_visible(*, user: Any, member_id: int) -> Member:
    """One member the user may see; the same error for missing and forbidden."""
    member = Member.objects.visible_to(user).filter(pk=member_id).first()
    if member is None or not user.has_perm("members.view_member", member):
        raise NotFoundOrForbidden()
    return member


def memberships_of(member: Member) -> QuerySet[Membership]:
    return (
        member.memberships.select_related("term", "sector")
        .prefetch_related(
            Prefetch("seats", queryset=CommitteeSeat.objects.select_related("committee"))
        )
        .order_by("-term__number")
    )
