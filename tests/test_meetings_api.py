"""/api/v1/ meetings, leave and sign-in: the same rules as the pages, in the error envelope."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from ningju.meetings import signin_codes
from ningju.meetings.choices import MeetingKind
from ningju.performance.models import DutyKind, DutyRecord
from tests import factories
from tests.meetings_factories import meeting, member_of

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_member_flow_through_the_api(world: factories.World) -> None:
    plenary = meeting(
        world, kind=MeetingKind.PLENARY, state="published", title="州政协十四届五次会议"
    )
    open_meeting = meeting(world, kind=MeetingKind.CHAIR, title="主席会议")
    member = _client(world["member"])
    rows = member.get("/api/v1/meetings").json()
    assert {r["title"] for r in rows} == {"州政协十四届五次会议", "主席会议"}
    assert all(r["invited"] for r in rows)
    detail = member.get(f"/api/v1/meetings/{plenary.pk}").json()
    assert detail["kind"] == "plenary"
    assert detail["agenda"] == []

    # leave: requested by the member, approved by the chair only
    created = member.post(
        f"/api/v1/meetings/{plenary.pk}/leave",
        {"reason": "住院治疗"},
        content_type="application/json",
    )
    assert created.status_code == 201
    leave_id = created.json()["id"]
    again = member.post(
        f"/api/v1/meetings/{plenary.pk}/leave",
        {"reason": "住院治疗"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["code"] == "leave_exists"
    staff_try = _client(world["staff"]).post(
        f"/api/v1/leave/{leave_id}/decide", {"approve": True}, content_type="application/json"
    )
    assert staff_try.status_code == 403
    decided = _client(world["chair"]).post(
        f"/api/v1/leave/{leave_id}/decide",
        {"approve": True, "note": "同意"},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert member.get("/api/v1/meetings").json()[0]["leave_status"] in ("approved", "")

    # sign-in with the scanned URL or the bare code; the second time is "already"
    code = signin_codes.code_for(open_meeting.pk, open_meeting.signin_secret, timezone.now())
    first = member.post(
        "/api/v1/attendance/sign-in",
        {"code": f"http://testserver/meetings/signin/{code}/"},
        content_type="application/json",
    )
    assert first.status_code == 200
    assert first.json()["already"] is False
    second = member.post(
        "/api/v1/attendance/sign-in", {"code": code}, content_type="application/json"
    )
    assert second.json()["already"] is True
    expired = signin_codes.code_for(
        open_meeting.pk, open_meeting.signin_secret, timezone.now() - timezone.timedelta(minutes=9)
    )
    late = _client(world["standing"]).post(
        "/api/v1/attendance/sign-in", {"code": expired}, content_type="application/json"
    )
    assert late.status_code == 400
    assert late.json()["code"] == "expired_code"
    assert (
        DutyRecord.objects.filter(
            member=member_of(world["member"]), kind=DutyKind.MEETING_ATTENDED
        ).count()
        == 1
    )

    # the attendance list: office and chair, not members
    staff_rows = (
        _client(world["staff"]).get(f"/api/v1/meetings/{open_meeting.pk}/attendance").json()
    )
    states = {r["name"]: r["status"] for r in staff_rows}
    assert states["金哲洙"] == "present"
    assert states["朴英顺"] == "pending"
    assert member.get(f"/api/v1/meetings/{open_meeting.pk}/attendance").status_code == 403
    assert (
        _client(world["county_staff"]).get(f"/api/v1/meetings/{open_meeting.pk}").status_code == 404
    )
