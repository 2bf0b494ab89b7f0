"""Reads of 微建议: the staff queue, the assignee's work, the member's own, the public list."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from ningju.core.errors import NotFoundOrForbidden
from ningju.orgs.models import Organisation
from ningju.textmatch.normalize import search_variants

from .choices import Status
from .models import Suggestion, SuggestionSettings
from .predicates import is_office_staff, is_unit_staff

_RELATED = ("organisation", "member", "assigned_unit", "assigned_office")


def settings_for(organisation_id: int) -> SuggestionSettings:
    found = SuggestionSettings.objects.filter(organisation_id=organisation_id).first()
    return found or SuggestionSettings(organisation_id=organisation_id)


def suggestions_visible_to(*, user: Any) -> QuerySet[Suggestion]:
    """Office staff: the whole organisation; unit staff: assigned to their unit; members:
    their own; everyone within their organisation only."""
    scoped = Suggestion.objects.visible_to(user).select_related(*_RELATED)
    if is_office_staff(user):
        return scoped
    principal = user.principal
    own = Q(author_id=user.pk)
    if is_unit_staff(user):
        own |= Q(assigned_unit_id=principal.handling_unit_id) & ~Q(status=Status.HELD)
    return scoped.filter(own)


def suggestion_get(*, user: Any, suggestion_id: int) -> Suggestion:
    found = suggestions_visible_to(user=user).filter(pk=suggestion_id).first()
    if found is None:
        raise NotFoundOrForbidden()
    return found


def suggestion_queue(*, user: Any, status: str = "") -> QuerySet[Suggestion]:
    """The working list: the office's whole queue, or what a unit has to answer."""
    if is_office_staff(user):
        queryset = suggestions_visible_to(user=user)
    elif is_unit_staff(user):
        queryset = suggestions_visible_to(user=user).filter(
            assigned_unit_id=user.principal.handling_unit_id
        )
    else:
        return Suggestion.objects.none()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "id") if status else queryset


def suggestion_counts(*, user: Any) -> dict[str, int]:
    """Per-status counts of the queue, in one query."""
    aggregates = {value: Count("id", filter=Q(status=value)) for value in Status.values}
    return suggestion_queue(user=user).aggregate(**aggregates)


def suggestions_mine(*, user: Any) -> QuerySet[Suggestion]:
    return Suggestion.objects.visible_to(user).filter(author_id=user.pk).select_related(*_RELATED)


def public_organisations() -> list[Organisation]:
    """Committees the public may write to and read: the top committee first."""
    return list(Organisation.objects.order_by("parent_id", "sort_order", "id"))


def public_organisation(code: str | None) -> Organisation | None:
    organisations = public_organisations()
    for organisation in organisations:
        if code and organisation.code == code:
            return organisation
    roots = [o for o in organisations if o.parent_id is None]
    return roots[0] if roots else None


def suggestions_published(*, organisation: Any, query: str = "") -> QuerySet[Suggestion]:
    """Replied suggestions the office approved for publication: never anything else.

    Only title, category, body, reply, assignee name, dates and the source kind are shown:
    no names or phones of the public.
    """
    organisation_id = getattr(organisation, "pk", organisation)
    queryset = (
        Suggestion.objects.filter(
            organisation_id=organisation_id, is_published=True, status=Status.CLOSED
        )
        .select_related("assigned_unit", "assigned_office")
        .order_by("-published_at", "-id")
    )
    if query:
        match = Q()
        for needle in search_variants(query):
            match |= Q(title__icontains=needle) | Q(body__icontains=needle)
            match |= Q(reply__icontains=needle)
        queryset = queryset.filter(match)
    return queryset
