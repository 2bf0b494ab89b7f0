"""Authorisation rows for ningju.meetings (pages under /meetings/, API under /api/v1/).

Meetings are seen by the organisation's office (all), chair-meeting members (announced
ones) and invited members; everyone else gets 404 for a meeting. Office pages answer 403 to
members who see the meeting. Plenary leave is decided by the chair (主席) only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ningju.meetings import services, signin_codes
from ningju.meetings.choices import MeetingKind
from tests import factories
from tests.matrix import ANY_STAFF, COUNTY_INSIDERS, INSIDERS, Case
from tests.meetings_factories import leave, meeting

PREFECTURE_MEMBERS = {"member", "standing", "chair", "director"}
MEMBERS = PREFECTURE_MEMBERS | {"county_member"}
SEES_MEETING = PREFECTURE_MEMBERS | {"staff"}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _forbidden(*roles: str) -> dict[str, int]:
    return dict.fromkeys(roles, 403)


def _meeting(state: str = "signin_open", suffix: str = "") -> Callable[[factories.World], str]:
    def build(w: factories.World) -> str:
        return f"/meetings/{meeting(w, state=state).pk}/{suffix}"

    return build


def _api_meeting(suffix: str = "", state: str = "signin_open") -> Callable[[factories.World], str]:
    def build(w: factories.World) -> str:
        return f"/api/v1/meetings/{meeting(w, state=state).pk}{suffix}"

    return build


def _leave(suffix: str, *, api: bool = False) -> Callable[[factories.World], str]:
    def build(w: factories.World) -> str:
        request = leave(w, meeting(w, kind=MeetingKind.PLENARY, state="published"))
        return (
            f"/api/v1/leave/{request.pk}/{suffix}"
            if api
            else f"/meetings/leave/{request.pk}/{suffix}/"
        )

    return build


def _code(w: factories.World) -> str:
    m = meeting(w)
    return signin_codes.code_for(m.pk, m.signin_secret, timezone.now())


def _material(w: factories.World) -> str:
    m = meeting(w, state="published")
    item = services.agenda_item_add(acting_user=w["staff"], meeting=m, title="审议工作报告")
    material = services.material_add(
        acting_user=w["staff"], item=item, upload=SimpleUploadedFile("报告.pdf", PDF)
    )
    return f"/meetings/materials/{material.pk}/"


def _item(w: factories.World) -> str:
    m = meeting(w, state="published")
    item = services.agenda_item_add(acting_user=w["staff"], meeting=m, title="审议工作报告")
    return f"/meetings/agenda/{item.pk}/material/"


def _speech_file(w: factories.World) -> str:
    m = meeting(w)
    speech = services.speech_add(
        acting_user=w["member"],
        meeting=m,
        kind="written",
        title="书面发言",
        upload=SimpleUploadedFile("发言.pdf", PDF),
    )
    return f"/meetings/speeches/{speech.pk}/file/"


def _sign_in_body(w: factories.World) -> dict[str, Any]:
    return {"code": _code(w)}


OFFICE_ONLY = _forbidden(*PREFECTURE_MEMBERS)

CASES = [
    Case("meetings list", lambda w: "/meetings/", INSIDERS | COUNTY_INSIDERS, 403),
    Case("meetings create", lambda w: "/meetings/new/", ANY_STAFF, 403),
    Case("meetings overview", lambda w: "/meetings/attendance/", ANY_STAFF | {"chair"}, 403),
    Case("meetings leave queue", lambda w: "/meetings/leave/", ANY_STAFF | {"chair"}, 403),
    Case(
        "meetings leave decide",
        _leave("decide"),
        {"chair"},
        404,
        denied=_forbidden("member", "staff"),
    ),
    Case(
        "meetings leave withdraw",
        _leave("withdraw"),
        {"member"},
        404,
        "post",
        ok_status=302,
        denied=_forbidden("staff", "chair"),
    ),
    Case("meetings calendar", lambda w: "/meetings/calendar/", MEMBERS, 403),
    Case(
        "meetings calendar reset",
        lambda w: "/meetings/calendar/reset/",
        MEMBERS,
        403,
        "post",
        ok_status=302,
    ),
    Case(
        "meetings feed unknown token",
        lambda w: "/meetings/calendar/not-a-valid-token.ics",
        set(factories.ROLE_USERS),
        302,
        ok_status=302,
    ),
    Case(
        "meetings signin page",
        lambda w: f"/meetings/signin/{_code(w)}/",
        PREFECTURE_MEMBERS,
        400,
    ),
    Case(
        "meetings signin confirm",
        lambda w: f"/meetings/signin/{_code(w)}/",
        PREFECTURE_MEMBERS,
        400,
        "post",
    ),
    Case("meetings material download", _material, SEES_MEETING, 404),
    Case("meetings speech file", _speech_file, SEES_MEETING, 404),
    Case(
        "meetings material upload",
        _item,
        {"staff"},
        404,
        "post",
        ok_status=302,
        data={},
        denied=OFFICE_ONLY,
    ),
    Case("meetings detail", _meeting(), SEES_MEETING, 404),
    Case("meetings edit", _meeting("published", "edit/"), {"staff"}, 404, denied=OFFICE_ONLY),
    Case("meetings invite", _meeting("published", "invite/"), {"staff"}, 404, denied=OFFICE_ONLY),
    Case(
        "meetings agenda add",
        _meeting("published", "agenda/"),
        {"staff"},
        404,
        "post",
        ok_status=400,
        data={},
        denied=OFFICE_ONLY,
    ),
    Case(
        "meetings minutes",
        _meeting("closed", "minutes/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        data={"minutes": "会议审议通过了工作报告。"},
        denied=OFFICE_ONLY,
    ),
    Case("meetings screen", _meeting("signin_open", "screen/"), {"staff"}, 404, denied=OFFICE_ONLY),
    Case(
        "meetings attendance",
        _meeting("signin_open", "attendance/"),
        {"staff", "chair"},
        404,
        denied=_forbidden("member", "standing", "director"),
    ),
    Case(
        "meetings leave request",
        _meeting("published", "leave/"),
        PREFECTURE_MEMBERS,
        404,
        denied=_forbidden("staff"),
    ),
    Case("meetings speech add", _meeting("signin_open", "speeches/new/"), SEES_MEETING, 404),
    Case(
        "meetings transition",
        _meeting("published", "open_signin/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=OFFICE_ONLY,
    ),
    # --- API ---
    Case("api meetings list", lambda w: "/api/v1/meetings", INSIDERS | COUNTY_INSIDERS, 403),
    Case("api meeting detail", _api_meeting(), SEES_MEETING, 404),
    Case(
        "api meeting leave",
        _api_meeting("/leave", state="published"),
        PREFECTURE_MEMBERS,
        404,
        "post",
        ok_status=201,
        data={"reason": "赴长春参加省政协培训"},
        denied=_forbidden("staff"),
    ),
    Case(
        "api leave decide",
        _leave("decide", api=True),
        {"chair"},
        404,
        "post",
        data={"approve": True},
        denied=_forbidden("member", "staff"),
    ),
    Case(
        "api leave withdraw",
        _leave("withdraw", api=True),
        {"member"},
        404,
        "post",
        denied=_forbidden("staff", "chair"),
    ),
    Case(
        "api attendance sign-in",
        lambda w: "/api/v1/attendance/sign-in",
        PREFECTURE_MEMBERS,
        403,
        "post",
        data=_sign_in_body,
        denied={"county_member": 400},
    ),
    Case(
        "api meeting attendance",
        _api_meeting("/attendance"),
        {"staff", "chair"},
        404,
        denied=_forbidden("member", "standing", "director"),
    ),
]
