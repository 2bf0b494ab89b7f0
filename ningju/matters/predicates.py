"""Who may do what with a 办实事 record. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


@rules.predicate
def in_organisation(user: Any, matter: Any) -> bool:
    return matter is not None and matter.organisation_id == user.principal.organisation_id


@rules.predicate
def is_office_staff(user: Any) -> bool:
    """Any office of the committee (the counties have one general office)."""
    return user.principal.has(Role.OFFICE_STAFF)


@rules.predicate
def is_owner(user: Any, matter: Any) -> bool:
    """The member who leads it, or the staff of the unit responsible for it."""
    if matter is None:
        return False
    principal = user.principal
    if matter.owner_member_id and matter.owner_member_id == principal.member_id:
        return True
    return bool(
        matter.owner_unit_id
        and principal.handling_unit_id == matter.owner_unit_id
        and principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER)
    )


@rules.predicate
def is_leader(user: Any) -> bool:
    return user.principal.has(Role.CHAIR_MEETING)


@rules.predicate
def may_own(user: Any) -> bool:
    """Members and handling-unit staff: people who can be given a matter to carry out."""
    principal = user.principal
    return bool(principal.member_id) or (
        bool(principal.handling_unit_id) and principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER)
    )
