"""/api/v1/stations: liaison stations, their roster and reception log (same services)."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.errors import PermissionDenied
from ningju.core.masking import mask_name, mask_phone
from ningju.stations import selectors, services
from ningju.stations.models import Reception, Station

from .schemas import ErrorOut

router = Router(tags=["stations"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
RECEPTION_LIMIT = 200


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class StationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    sector: str
    address: str
    opening_hours: str
    contact_name: str
    contact_phone: str
    is_active: bool


class AssignedOut(Schema):
    member_id: int
    name: str
    role: str


class StationDetailOut(StationOut):
    description: str
    members: list[AssignedOut]


class ShiftOut(Schema):
    id: int
    on_date: date
    member_id: int
    member: str
    status: str


class ReceptionOut(Schema):
    id: int
    received_at: datetime
    channel: str
    visitor: str
    visitor_phone: str
    topic: str
    issue: str
    handling: str
    handling_note: str
    received_by_id: int | None
    result_kind: str
    result_id: int | None


class ReceptionIn(Schema):
    channel: str
    topic: str
    issue: str
    received_at: datetime | None = None
    visitor_name: str = ""
    visitor_phone: str = ""
    handling: str = "pending"
    handling_note: str = ""
    referred_unit_id: int | None = None
    satisfaction: str = ""
    received_by_id: int | None = None
    public_request_id: int | None = None


def _station_row(s: Station) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "kind_label": str(s.get_kind_display()),
        "sector": s.sector.name if s.sector else "",
        "address": s.address,
        "opening_hours": s.opening_hours,
        "contact_name": s.contact_name,
        "contact_phone": s.contact_phone,
        "is_active": s.is_active,
    }


def _reception(r: Reception) -> dict:
    return {
        "id": r.pk,
        "received_at": r.received_at,
        "channel": r.channel,
        "visitor": mask_name(r.visitor_name),
        "visitor_phone": mask_phone(r.visitor_phone),
        "topic": r.topic,
        "issue": r.issue,
        "handling": r.handling,
        "handling_note": r.handling_note,
        "received_by_id": r.received_by_id,
        "result_kind": r.result_kind,
        "result_id": r.result_id,
    }


@router.get("/stations", response={200: list[StationOut], **ERRORS})
def station_list(request: HttpRequest) -> list[dict]:
    """Members and office staff: the committee's stations."""
    return [
        _station_row(s)
        for s in selectors.stations_visible_to(_user(request)).select_related("sector")
    ]


@router.get("/stations/{station_id}", response={200: StationDetailOut, **ERRORS})
def station_detail(request: HttpRequest, station_id: int) -> dict:
    station = selectors.station_get(user=_user(request), station_id=station_id)
    return {
        **_station_row(station),
        "description": station.description,
        "members": [
            {"member_id": a.member_id, "name": a.member.name, "role": a.role}
            for a in station.assignments.select_related("member")
        ],
    }


@router.get("/stations/{station_id}/roster", response={200: list[ShiftOut], **ERRORS})
def station_roster(request: HttpRequest, station_id: int, start: date | None = None) -> list[dict]:
    station = selectors.station_get(user=_user(request), station_id=station_id)
    return [
        {
            "id": s.pk,
            "on_date": s.on_date,
            "member_id": s.member_id,
            "member": s.member.name,
            "status": s.status,
        }
        for s in selectors.roster(station=station, start=start)
    ]


@router.get("/stations/{station_id}/receptions", response={200: list[ReceptionOut], **ERRORS})
def reception_list(request: HttpRequest, station_id: int) -> list[dict]:
    """Office staff and the station's members; names and phones masked."""
    user = _user(request)
    station = selectors.station_get(user=user, station_id=station_id)
    if not user.has_perm("stations.receive", station):
        raise PermissionDenied()
    rows = selectors.station_receptions(user=user, station=station)[:RECEPTION_LIMIT]
    return [_reception(r) for r in rows]


@router.post("/stations/{station_id}/receptions", response={201: ReceptionOut, **ERRORS})
def reception_create(request: HttpRequest, station_id: int, payload: ReceptionIn) -> HttpStatus:
    user = _user(request)
    station = selectors.station_get(user=user, station_id=station_id)
    reception = services.reception_create(
        acting_user=user,
        station=station,
        data=services.ReceptionData(**payload.dict()),
    )
    return HttpStatus(201, _reception(reception))
