"""Who may do what with a public request. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role

from .choices import RouteKind


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == user.principal.organisation_id


@rules.predicate
def is_office_staff(user: Any) -> bool:
    """Any office staff of the committee (the counties run this from one general office)."""
    return user.principal.has(Role.OFFICE_STAFF)


def station_ids_of_member(member_id: int | None) -> set[int]:
    if not member_id:
        return set()
    from ningju.stations.models import StationMember

    return set(
        StationMember.objects.filter(member_id=member_id).values_list("station_id", flat=True)
    )


@rules.predicate
def is_receiver(user: Any, request: Any) -> bool:
    """The member, the handling unit's officer, or a member of the station it was routed to."""
    if request is None or not request.route_kind:
        return False
    principal = user.principal
    if request.route_kind == RouteKind.MEMBER:
        return bool(principal.member_id) and request.routed_member_id == principal.member_id
    if request.route_kind == RouteKind.UNIT:
        return (
            principal.has(Role.UNIT_OFFICER)
            and principal.handling_unit_id is not None
            and request.routed_unit_id == principal.handling_unit_id
        )
    return request.routed_station_id in station_ids_of_member(principal.member_id)
