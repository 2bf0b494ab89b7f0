"""Role predicates shared by every app's rules. Each answers for the user's own organisation."""

from __future__ import annotations

from typing import Any

import rules

from .choices import Role


def _has(*roles: str) -> Any:
    @rules.predicate
    def predicate(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.principal.has(*roles)

    predicate.name = "has_role_" + "_or_".join(roles)
    return predicate


is_member = _has(Role.MEMBER)
is_standing_member = _has(Role.STANDING_MEMBER)
is_chair_meeting = _has(Role.CHAIR_MEETING)
is_committee_director = _has(Role.COMMITTEE_DIRECTOR)
is_office_staff = _has(Role.OFFICE_STAFF)
is_unit_officer = _has(Role.UNIT_OFFICER)
is_unit_signer = _has(Role.UNIT_SIGNER)
is_unit_person = _has(Role.UNIT_OFFICER, Role.UNIT_SIGNER)
is_portal_editor = _has(Role.PORTAL_EDITOR)
is_system_admin = _has(Role.SYSTEM_ADMIN)
is_security_admin = _has(Role.SECURITY_ADMIN)
is_audit_admin = _has(Role.AUDIT_ADMIN)
is_leadership = is_chair_meeting | is_committee_director
is_committee_insider = is_member | is_leadership | is_office_staff


@rules.predicate
def in_same_organisation(user: Any, obj: Any) -> bool:
    """True when the object belongs to the user's organisation (None: no object yet)."""
    if obj is None:
        return True
    organisation_id = getattr(obj, "organisation_id", None)
    return organisation_id is not None and organisation_id == user.principal.organisation_id


@rules.predicate
def is_self_member(user: Any, member: Any) -> bool:
    return member is not None and member.pk == user.principal.member_id
