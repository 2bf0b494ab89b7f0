"""Who may do what with a proposal. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


def _principal(user: Any) -> Any:
    return user.principal


def _proposer_rows(proposal: Any) -> list[Any]:
    cache = getattr(proposal, "_proposer_rows", None)
    if cache is None:
        cache = list(proposal.proposers.all())
        proposal._proposer_rows = cache
    return cache


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == _principal(user).organisation_id


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.created_by_id == user.pk


@rules.predicate
def is_proposer(user: Any, proposal: Any) -> bool:
    member_id = _principal(user).member_id
    return proposal is not None and any(
        p.member_id == member_id and p.status in ("confirmed", "invited")
        for p in _proposer_rows(proposal)
    )


@rules.predicate
def is_confirmed_proposer(user: Any, proposal: Any) -> bool:
    member_id = _principal(user).member_id
    return proposal is not None and any(
        p.member_id == member_id and p.status == "confirmed" for p in _proposer_rows(proposal)
    )


@rules.predicate
def is_invited_cosigner(user: Any, proposal: Any) -> bool:
    member_id = _principal(user).member_id
    return proposal is not None and any(
        p.member_id == member_id and p.role == "cosigner" and p.status == "invited"
        for p in _proposer_rows(proposal)
    )


@rules.predicate
def is_proposal_office(user: Any) -> bool:
    """提案委 office staff, and the general office (办公室), which runs proposal work in the
    county committees. Narrowing this per committee is a setting still to come."""
    principal = _principal(user)
    return principal.has(Role.OFFICE_STAFF) and principal.office_kind in ("proposal", "general")


@rules.predicate
def is_proposal_leader(user: Any) -> bool:
    """复审/终审: directors of the 提案委员会, or members of the chair meeting."""
    principal = _principal(user)
    return principal.directs_proposal_committee or principal.has(Role.CHAIR_MEETING)


@rules.predicate
def may_review_now(user: Any, proposal: Any) -> bool:
    if proposal is None:
        return False
    next_level = proposal.review_level + 1
    if next_level == 1:
        return bool(is_proposal_office(user))
    return bool(is_proposal_leader(user))


@rules.predicate
def is_chair_meeting(user: Any) -> bool:
    return _principal(user).has(Role.CHAIR_MEETING)


@rules.predicate
def is_unit_officer_of(user: Any, assignment: Any) -> bool:
    principal = _principal(user)
    return (
        assignment is not None
        and principal.has(Role.UNIT_OFFICER)
        and principal.handling_unit_id == assignment.unit_id
    )


@rules.predicate
def is_unit_signer_of(user: Any, assignment: Any) -> bool:
    principal = _principal(user)
    return (
        assignment is not None
        and principal.has(Role.UNIT_SIGNER)
        and principal.handling_unit_id == assignment.unit_id
    )


@rules.predicate
def is_member(user: Any) -> bool:
    return _principal(user).has(Role.MEMBER)
