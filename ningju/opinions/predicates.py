"""Who may do what with a 社情民意 item. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


@rules.predicate
def is_member(user: Any) -> bool:
    return bool(user.principal.has(Role.MEMBER) and user.principal.member_id)


@rules.predicate
def is_office(user: Any) -> bool:
    """Any office staff of the organisation (the research office or the county's general
    office edits the journal; the brief says not to narrow by office kind)."""
    return bool(user.principal.has(Role.OFFICE_STAFF))


@rules.predicate
def is_leader(user: Any) -> bool:
    principal = user.principal
    return bool(principal.has(Role.CHAIR_MEETING) or principal.directed_committee_ids)


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == user.principal.organisation_id


@rules.predicate
def is_author(user: Any, opinion: Any) -> bool:
    return opinion is not None and opinion.created_by_id == user.pk


@rules.predicate
def is_contributor(user: Any, opinion: Any) -> bool:
    """The author or a member credited on it (e.g. after a merge)."""
    if opinion is None:
        return False
    if opinion.created_by_id == user.pk:
        return True
    member_id = user.principal.member_id
    if not member_id:
        return False
    cache = getattr(opinion, "_contributor_ids", None)
    if cache is None:
        cache = {c.member_id for c in opinion.contributors.all()}
        opinion._contributor_ids = cache
    return member_id in cache
