"""Organisation statistics. A parent committee reads its children's figures, never records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from ningju.core.scoping import statistics_organisation_ids
from ningju.members.choices import MembershipStatus
from ningju.members.models import Membership

from .models import Organisation


@dataclass(frozen=True)
class OrganisationFigures:
    organisation: Organisation
    members: int
    standing: int
    women: int
    ethnic_korean: int
    non_cpc: int


def organisation_figures(*, user: Any) -> list[OrganisationFigures]:
    """Current-term member figures for the user's organisation and every one below it."""
    if not user.has_perm("orgs.view_statistics"):
        return []
    ids = statistics_organisation_ids(user)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    active = Q(status=MembershipStatus.ACTIVE, term__is_current=True)
    rows = (
        Membership.objects.filter(active, term__organisation_id__in=ids)
        .values("term__organisation_id")
        .annotate(
            members=Count("id"),
            standing=Count("id", filter=Q(is_standing_committee=True)),
            women=Count("id", filter=Q(member__sex="female")),
            ethnic_korean=Count("id", filter=Q(member__ethnicity="朝鲜族")),
            non_cpc=Count("id", filter=~Q(member__political_affiliation="cpc")),
        )
    )
    by_org = {row["term__organisation_id"]: row for row in rows}
    result = []
    for pk, organisation in sorted(organisations.items(), key=lambda i: (i[1].sort_order, i[0])):
        row = by_org.get(pk, {})
        result.append(
            OrganisationFigures(
                organisation=organisation,
                members=row.get("members", 0),
                standing=row.get("standing", 0),
                women=row.get("women", 0),
                ethnic_korean=row.get("ethnic_korean", 0),
                non_cpc=row.get("non_cpc", 0),
            )
        )
    return result


def sector_figures(*, user: Any) -> list[dict[str, Any]]:
    if not user.has_perm("orgs.view_statistics"):
        return []
    return list(
        Membership.objects.filter(
            term__organisation_id=user.principal.org,
            term__is_current=True,
            status=MembershipStatus.ACTIVE,
        )
        .values("sector__name", "sector__sort_order")
        .annotate(count=Count("id"))
        .order_by("sector__sort_order", "sector__name")
    )
