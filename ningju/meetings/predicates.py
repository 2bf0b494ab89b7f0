"""Who may do what with meetings. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role

from .choices import CHAIR_APPROVED_KINDS


def _principal(user: Any) -> Any:
    return user.principal


def user_is_chair(user: Any) -> bool:
    """主席: the member holding LeadershipPosition.CHAIR in the current term (cached per user
    object: one query at most per request)."""
    cached = getattr(user, "_meetings_is_chair", None)
    if cached is None:
        from ningju.members.choices import LeadershipPosition, MembershipStatus
        from ningju.members.models import Membership

        principal = _principal(user)
        cached = bool(
            principal.member_id
            and principal.has(Role.CHAIR_MEETING)
            and Membership.objects.filter(
                member_id=principal.member_id,
                term__is_current=True,
                status=MembershipStatus.ACTIVE,
                leadership_position=LeadershipPosition.CHAIR,
            ).exists()
        )
        user._meetings_is_chair = cached
    return bool(cached)


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == _principal(user).organisation_id


@rules.predicate
def is_office(user: Any) -> bool:
    """Any office staff of the organisation runs its meetings."""
    return bool(_principal(user).has(Role.OFFICE_STAFF))


@rules.predicate
def is_leader(user: Any) -> bool:
    """主席会议成员 (主席, 副主席, 秘书长): see attendance of every meeting."""
    return bool(_principal(user).has(Role.CHAIR_MEETING))


@rules.predicate
def is_member(user: Any) -> bool:
    return bool(_principal(user).member_id)


@rules.predicate
def is_chair(user: Any) -> bool:
    return user_is_chair(user)


@rules.predicate
def may_decide_leave(user: Any, leave: Any) -> bool:
    """Plenary and standing-committee leave: the chair; other meetings: the office."""
    if leave is None:
        return False
    if leave.meeting.kind in CHAIR_APPROVED_KINDS:
        return user_is_chair(user)
    return bool(_principal(user).has(Role.OFFICE_STAFF))


@rules.predicate
def is_own_leave(user: Any, leave: Any) -> bool:
    return leave is not None and leave.member_id == _principal(user).member_id
