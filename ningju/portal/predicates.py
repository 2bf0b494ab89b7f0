"""Who may do what on the public site's back office. Checked in services and views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


def _principal(user: Any) -> Any:
    return user.principal


def office_staff_may_review(organisation_id: int) -> bool:
    from .models import SiteSettings

    value = (
        SiteSettings.objects.filter(organisation_id=organisation_id)
        .values_list("office_staff_may_review", flat=True)
        .first()
    )
    return True if value is None else bool(value)


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == _principal(user).organisation_id


@rules.predicate
def is_editor(user: Any) -> bool:
    return _principal(user).has(Role.PORTAL_EDITOR)


@rules.predicate
def is_writer(user: Any) -> bool:
    """Editors, office staff and members write articles."""
    return _principal(user).has(Role.PORTAL_EDITOR, Role.OFFICE_STAFF, Role.MEMBER)


@rules.predicate
def is_reviewer(user: Any) -> bool:
    """Editors always; office staff unless the organisation's settings say otherwise."""
    principal = _principal(user)
    if principal.has(Role.PORTAL_EDITOR):
        return True
    if principal.has(Role.OFFICE_STAFF) and principal.organisation_id:
        return office_staff_may_review(principal.organisation_id)
    return False


@rules.predicate
def is_author(user: Any, article: Any) -> bool:
    return article is not None and article.created_by_id == user.pk


@rules.predicate
def not_author(user: Any, article: Any) -> bool:
    return article is not None and article.created_by_id != user.pk


@rules.predicate
def has_not_reviewed_this_round(user: Any, article: Any) -> bool:
    """Each level of a round by a different person."""
    return article is not None and not any(
        r.reviewer_id == user.pk and r.round == article.review_round for r in article.reviews.all()
    )
