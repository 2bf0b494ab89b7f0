"""/api/v1/ operations of ningju.meetings: my meetings, leave, QR sign-in, attendance lists.
Same services, selectors and permissions as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.errors import PermissionDenied
from ningju.meetings import selectors, services

from .schemas import ErrorOut

router = Router(tags=["meetings"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class MeetingRowOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    status: str
    location: str
    starts_at: datetime
    ends_at: datetime
    invited: bool
    signed_in: bool
    leave_status: str


class AgendaOut(Schema):
    position: int
    title: str
    presenter: str
    is_first_topic: bool
    study_material: str


class MeetingOut(MeetingRowOut):
    description: str
    signin_opens_at: datetime
    signin_closes_at: datetime
    agenda: list[AgendaOut]


class LeaveIn(Schema):
    reason: str


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class LeaveOut(Schema):
    id: int
    meeting_id: int
    member_id: int
    status: str
    reason: str
    decision_note: str


class SignInIn(Schema):
    code: str


class SignInOut(Schema):
    meeting_id: int
    signed_in_at: datetime
    already: bool


class AttendanceRowOut(Schema):
    member_id: int
    name: str
    status: str
    method: str
    signed_in_at: datetime | None


def _row(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "kind_label": str(m.get_kind_display()),
        "title": m.title,
        "status": m.status,
        "location": m.location,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "invited": bool(getattr(m, "is_invited", False)),
        "signed_in": bool(getattr(m, "signed_in", False)),
        "leave_status": getattr(m, "leave_status", None) or "",
    }


def _leave_out(leave: Any) -> dict[str, Any]:
    return {
        "id": leave.pk,
        "meeting_id": leave.meeting_id,
        "member_id": leave.member_id,
        "status": leave.status,
        "reason": leave.reason,
        "decision_note": leave.decision_note,
    }


@router.get("/meetings", response={200: list[MeetingRowOut], **ERRORS})
def meeting_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Meetings I may see (members: those I am invited to), upcoming first."""
    user = _user(request)
    if not (user.principal.member_id or user.has_perm("meetings.view_attendance")):
        raise PermissionDenied()
    rows = selectors.meeting_list(user=user, upcoming=True)[:100]
    return [_row(m) for m in rows]


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = _user(request)
    selectors.meeting_get(user=user, meeting_id=meeting_id)
    m = selectors.meeting_list(user=user).get(pk=meeting_id)
    return _row(m) | {
        "description": m.description,
        "signin_opens_at": m.signin_opens_at,
        "signin_closes_at": m.signin_closes_at,
        "agenda": [
            {
                "position": a.position,
                "title": a.title,
                "presenter": a.presenter,
                "is_first_topic": a.is_first_topic,
                "study_material": a.study_material,
            }
            for a in m.agenda.all()
        ],
    }


@router.post("/meetings/{meeting_id}/leave", response={201: LeaveOut, **ERRORS})
def leave_request(request: HttpRequest, meeting_id: int, payload: LeaveIn) -> HttpStatus:
    """请假 for a meeting I am invited to."""
    user = _user(request)
    meeting = selectors.meeting_get(user=user, meeting_id=meeting_id)
    if not user.has_perm("meetings.attend"):
        raise PermissionDenied()
    leave = services.leave_request(acting_user=user, meeting=meeting, reason=payload.reason)
    return HttpStatus(201, _leave_out(leave))


@router.post("/leave/{leave_id}/decide", response={200: LeaveOut, **ERRORS})
def leave_decide(request: HttpRequest, leave_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Approve or reject (the chair for plenary/standing committee, the office otherwise)."""
    user = _user(request)
    leave = selectors.leave_get(user=user, leave_id=leave_id)
    leave = services.leave_decide(
        acting_user=user, leave=leave, approve=payload.approve, note=payload.note
    )
    return _leave_out(leave)


@router.post("/leave/{leave_id}/withdraw", response={200: LeaveOut, **ERRORS})
def leave_withdraw(request: HttpRequest, leave_id: int) -> dict[str, Any]:
    user = _user(request)
    leave = selectors.leave_get(user=user, leave_id=leave_id)
    return _leave_out(services.leave_withdraw(acting_user=user, leave=leave))


@router.post("/attendance/sign-in", response={200: SignInOut, **ERRORS})
def attendance_sign_in(request: HttpRequest, payload: SignInIn) -> dict[str, Any]:
    """Sign in with the code read from the QR (the part after /meetings/signin/)."""
    user = _user(request)
    if not user.has_perm("meetings.attend"):
        raise PermissionDenied()
    code = payload.code.rstrip("/").rsplit("/", 1)[-1]
    result = services.attendance_sign_in(acting_user=user, code=code)
    return {
        "meeting_id": result.meeting.pk,
        "signed_in_at": result.attendance.signed_in_at,
        "already": result.already,
    }


@router.get("/meetings/{meeting_id}/attendance", response={200: list[AttendanceRowOut], **ERRORS})
def attendance_list(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    """Every invitee and their state (office staff and chair-meeting members)."""
    user = _user(request)
    meeting = selectors.meeting_get(user=user, meeting_id=meeting_id)
    if not user.has_perm("meetings.view_attendance"):
        raise PermissionDenied()
    return [
        {
            "member_id": r.member.pk,
            "name": r.member.name,
            "status": r.status,
            "method": r.method,
            "signed_in_at": r.signed_in_at,
        }
        for r in selectors.attendance_rows(meeting)
    ]
