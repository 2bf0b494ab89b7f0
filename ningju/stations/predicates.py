"""Who may do what at a liaison station. Checked in services and, to hide buttons, in views."""

from __future__ import annotations

from typing import Any

import rules

from ningju.accounts.choices import Role


@rules.predicate
def in_organisation(user: Any, obj: Any) -> bool:
    return obj is not None and obj.organisation_id == user.principal.organisation_id


@rules.predicate
def is_office_staff(user: Any) -> bool:
    return user.principal.has(Role.OFFICE_STAFF)


@rules.predicate
def is_member(user: Any) -> bool:
    return user.principal.has(Role.MEMBER)


@rules.predicate
def is_station_member(user: Any, station: Any) -> bool:
    """A member assigned to the station (召集人, 驻站委员 or 联络员)."""
    member_id = user.principal.member_id
    if station is None or not member_id:
        return False
    cache = getattr(station, "_member_ids", None)
    if cache is None:
        cache = set(station.assignments.values_list("member_id", flat=True))
        station._member_ids = cache
    return member_id in cache


@rules.predicate
def received_it(user: Any, reception: Any) -> bool:
    member_id = user.principal.member_id
    return reception is not None and bool(member_id) and reception.received_by_id == member_id


@rules.predicate
def not_converted(user: Any, reception: Any) -> bool:
    return reception is not None and not reception.result_kind


@rules.predicate
def on_duty(user: Any, shift: Any) -> bool:
    member_id = user.principal.member_id
    return shift is not None and bool(member_id) and shift.member_id == member_id
