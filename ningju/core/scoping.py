"""Organisation scoping: the one place that decides whose records a person may see.

Every organisation-owned model uses `OrganisationScopedQuerySet`; selectors start from
`Model.objects.visible_to(user)` and never filter on organisation themselves. A person acts
within their own organisation; the only cross-organisation reads are the aggregate
statistics a parent committee gets for its children (`statistics_organisation_ids`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


def organisation_ids_for(user: Any) -> frozenset[int]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return user.principal.organisation_ids


def statistics_organisation_ids(user: Any) -> frozenset[int]:
    """Own organisation plus every descendant: figures only, never the records."""
    from ningju.orgs.models import Organisation

    own = organisation_ids_for(user)
    if not own:
        return frozenset()
    result = set(own)
    frontier = set(own)
    while frontier:
        frontier = (
            set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            - result
        )
        result |= frontier
    return frozenset(result)


class OrganisationScopedQuerySet(models.QuerySet[_M]):
    organisation_field = "organisation"

    def visible_to(self, user: Any) -> OrganisationScopedQuerySet[_M]:
        ids = organisation_ids_for(user)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.organisation_field}_id__in": ids})

    def in_statistics_scope_of(self, user: Any) -> OrganisationScopedQuerySet[_M]:
        ids = statistics_organisation_ids(user)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.organisation_field}_id__in": ids})
