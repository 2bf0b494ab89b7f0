"""Who may do what with activities, study and reading. Checked in services and views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


@rules.predicate
def is_member(user: Any) -> bool:
    """A member with an active seat in the current term (their own organisation)."""
    return bool(user.principal.member_id) and user.principal.has(Role.MEMBER)


@rules.predicate
def is_office_staff(user: Any) -> bool:
    """Any office staff of the organisation (the counties have one general office)."""
    return user.principal.has(Role.OFFICE_STAFF)


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == user.principal.organisation_id


@rules.predicate
def is_reporter(user: Any, activity: Any) -> bool:
    """The member who recorded this activity themselves."""
    member_id = user.principal.member_id
    return activity is not None and member_id is not None and activity.reported_by_id == member_id


@rules.predicate
def is_editable(user: Any, activity: Any) -> bool:
    return activity is not None and activity.status in ("draft", "returned")


@rules.predicate
def is_submitted(user: Any, activity: Any) -> bool:
    return activity is not None and activity.status == "submitted"


@rules.predicate
def is_unconfirmed(user: Any, activity: Any) -> bool:
    return activity is not None and activity.status in ("draft", "submitted", "returned")
