"""What a signed-in person is, in their organisation: loaded once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .choices import Role

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    organisation_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    office_id: int | None = None
    office_kind: str = ""
    handling_unit_id: int | None = None
    member_id: int | None = None
    directed_committee_ids: frozenset[int] = field(default_factory=frozenset)
    directs_proposal_committee: bool = False

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset({self.organisation_id}) if self.organisation_id else frozenset()

    @property
    def org(self) -> int:
        """The organisation every read and write of this person is scoped to."""
        if self.organisation_id is None:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return self.organisation_id

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)


ANONYMOUS = Principal(user_id=None, organisation_id=None)


def load_principal(user: User) -> Principal:
    """Two or three small queries: explicit grants, then the member record if any."""
    from ningju.members.choices import (
        CHAIR_MEETING_POSITIONS,
        CommitteePosition,
        MembershipStatus,
    )
    from ningju.members.models import CommitteeSeat, Membership

    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Principal(user_id=user.pk, organisation_id=None) if user.pk else ANONYMOUS
    organisation_id: int = user.organisation_id
    roles: set[str] = set()
    office_id = unit_id = None
    office_kind = ""
    grants = user.role_grants.filter(organisation_id=organisation_id).select_related("office")
    for grant in grants:
        roles.add(grant.role)
        if grant.office_id:
            office_id, office_kind = grant.office_id, grant.office.kind if grant.office else ""
        if grant.handling_unit_id:
            unit_id = grant.handling_unit_id
    member_id = None
    directed: frozenset[int] = frozenset()
    directs_proposals = False
    membership = (
        Membership.objects.filter(
            member__user=user,
            member__organisation_id=organisation_id,
            term__is_current=True,
            status=MembershipStatus.ACTIVE,
        )
        .only("id", "member_id", "is_standing_committee", "leadership_position")
        .first()
    )
    if membership is not None:
        member_id = membership.member_id
        roles.add(Role.MEMBER)
        if membership.is_standing_committee:
            roles.add(Role.STANDING_MEMBER)
        if membership.leadership_position in CHAIR_MEETING_POSITIONS:
            roles.add(Role.CHAIR_MEETING)
        seats = list(
            CommitteeSeat.objects.filter(
                membership=membership,
                position__in=[CommitteePosition.DIRECTOR, CommitteePosition.DEPUTY_DIRECTOR],
            ).values_list("committee_id", "committee__is_proposal_committee")
        )
        directed = frozenset(committee_id for committee_id, _ in seats)
        directs_proposals = any(flag for _, flag in seats)
        if directed:
            roles.add(Role.COMMITTEE_DIRECTOR)
    if user.kind == "public" and not roles:
        roles.add(Role.PUBLIC)
    return Principal(
        user_id=user.pk,
        organisation_id=organisation_id,
        roles=frozenset(roles),
        office_id=office_id,
        office_kind=office_kind,
        handling_unit_id=unit_id,
        member_id=member_id,
        directed_committee_ids=directed,
        directs_proposal_committee=directs_proposals,
    )
