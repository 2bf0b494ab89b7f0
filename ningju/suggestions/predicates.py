"""Who may do what with a 微建议. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


@rules.predicate
def in_organisation(user: Any, suggestion: Any) -> bool:
    return suggestion is not None and suggestion.organisation_id == user.principal.organisation_id


@rules.predicate
def is_member(user: Any) -> bool:
    return user.principal.has(Role.MEMBER)


@rules.predicate
def is_office_staff(user: Any) -> bool:
    """Any office of the committee: the counties run 微建议 from one general office."""
    return user.principal.has(Role.OFFICE_STAFF)


@rules.predicate
def is_unit_staff(user: Any) -> bool:
    principal = user.principal
    return bool(principal.handling_unit_id) and principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER)


@rules.predicate
def is_author(user: Any, suggestion: Any) -> bool:
    return (
        suggestion is not None
        and suggestion.author_id is not None
        and (suggestion.author_id == user.pk)
    )


@rules.predicate
def is_assignee(user: Any, suggestion: Any) -> bool:
    """The handling unit's staff, or the office's staff when an office was given the work."""
    if suggestion is None:
        return False
    principal = user.principal
    if suggestion.assigned_unit_id:
        return bool(is_unit_staff(user)) and (
            principal.handling_unit_id == suggestion.assigned_unit_id
        )
    if suggestion.assigned_office_id:
        return principal.has(Role.OFFICE_STAFF)
    return False
