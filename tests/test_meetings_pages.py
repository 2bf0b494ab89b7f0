"""Meeting pages end to end: office set-up, phone sign-in, leave, attendance, ICS, overview."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ningju.meetings import services, signin_codes
from ningju.meetings.choices import InviteScope, MeetingKind
from ningju.meetings.models import Attendance, CalendarFeed, Meeting
from ningju.performance.models import DutyKind, DutyRecord
from tests import factories
from tests.meetings_factories import meeting, member_of

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _local(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_office_creates_invites_publishes_and_opens_signin(world: factories.World) -> None:
    staff = _client(world["staff"])
    start = timezone.now() + timedelta(minutes=20)
    bad = staff.post(
        "/meetings/new/",
        {
            "kind": "committee",
            "title": "经济委员会全体会议",
            "location": "",
            "starts_at": _local(start),
            "ends_at": _local(start + timedelta(hours=2)),
        },
    )
    assert bad.status_code == 200
    assert "请填写会议地点" in bad.content.decode() or "这个字段是必填项" in bad.content.decode()
    assert "经济委员会全体会议" in bad.content.decode()  # nothing typed is lost
    bad = staff.post(
        "/meetings/new/",
        {
            "kind": "committee",
            "title": "经济委员会全体会议",
            "location": "州政协402会议室",
            "starts_at": _local(start),
            "ends_at": _local(start + timedelta(hours=2)),
        },
    )
    assert "专门委员会会议须选择专门委员会" in bad.content.decode()
    response = staff.post(
        "/meetings/new/",
        {
            "kind": "standing",
            "title": "州政协十四届常委会第十二次会议",
            "number": "12",
            "location": "州政协402会议室",
            "starts_at": _local(start),
            "ends_at": _local(start + timedelta(hours=2)),
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get(title="州政协十四届常委会第十二次会议")
    assert staff.post(f"/meetings/{m.pk}/invite/", {"scope": "committee"}).status_code == 200
    assert staff.post(f"/meetings/{m.pk}/invite/", {"scope": "standing"}).status_code == 302
    assert staff.post(f"/meetings/{m.pk}/invite/", {"scope": "chair_meeting"}).status_code == 302
    agenda = staff.post(
        f"/meetings/{m.pk}/agenda/",
        {"title": "学习习近平总书记关于加强和改进人民政协工作的重要思想", "is_first_topic": "on"},
    )
    assert agenda.status_code == 400
    assert "第一议题须写明学习内容" in agenda.content.decode()
    staff.post(
        f"/meetings/{m.pk}/agenda/",
        {
            "title": "学习习近平总书记关于加强和改进人民政协工作的重要思想",
            "is_first_topic": "on",
            "study_material": "《习近平关于加强和改进人民政协工作的重要思想学习读本》第三章",
        },
    )
    assert staff.post(f"/meetings/{m.pk}/publish/").status_code == 302
    assert staff.post(f"/meetings/{m.pk}/open_signin/").status_code == 302
    page = staff.get(f"/meetings/{m.pk}/").content.decode()
    assert "第一议题" in page
    assert "打开签到大屏" in page
    screen = staff.get(f"/meetings/{m.pk}/screen/").content.decode()
    assert "<svg" in screen
    assert 'hx-trigger="every 10s"' in screen
    url = re.search(r'data-signin-url="([^"]+)"', screen).group(1)  # type: ignore[union-attr]
    path = url.split("testserver", 1)[1]
    # the standing member scans: a confirmation, then one tap signs in
    phone = _client(world["standing"])
    confirm = phone.get(path)
    assert "确认签到" in confirm.content.decode()
    done = phone.post(path)
    assert "签到成功" in done.content.decode()
    assert "您已签到" in phone.post(path).content.decode()
    # the member is not on the list
    refused = _client(world["member"]).get(path)
    assert refused.status_code == 400
    assert "不在这次会议的参会名单中" in refused.content.decode()
    assert Attendance.objects.filter(meeting=m).count() == 1


def test_signin_outside_window_and_expired_code_messages(world: factories.World) -> None:
    m = meeting(world)
    phone = _client(world["member"])
    old = signin_codes.code_for(m.pk, m.signin_secret, timezone.now() - timedelta(minutes=5))
    response = phone.post(f"/meetings/signin/{old}/")
    assert response.status_code == 400
    assert "二维码已过期" in response.content.decode()
    published = meeting(world, state="published")
    code = signin_codes.code_for(published.pk, published.signin_secret, timezone.now())
    response = phone.get(f"/meetings/signin/{code}/")
    assert "现在不在签到时间内" in response.content.decode()
    assert not Attendance.objects.exists()


def test_anonymous_scan_goes_through_login_and_back(world: factories.World) -> None:
    m = meeting(world)
    code = signin_codes.code_for(m.pk, m.signin_secret, timezone.now())
    response = Client().get(f"/meetings/signin/{code}/")
    assert response.status_code == 302
    assert f"next=/meetings/signin/{code}/" in response.headers["Location"]


def test_leave_request_and_chair_approval_through_pages(world: factories.World) -> None:
    m = meeting(world, state="published")
    member = _client(world["member"])
    empty = member.post(f"/meetings/{m.pk}/leave/", {"reason": ""})
    assert empty.status_code == 200
    assert "errorlist" in empty.content.decode()
    assert member.post(f"/meetings/{m.pk}/leave/", {"reason": "出差在外"}).status_code == 302
    chair = _client(world["chair"])
    queue = chair.get("/meetings/leave/").content.decode()
    assert "金哲洙" in queue
    leave_id = int(re.search(r"/meetings/leave/(\d+)/decide/", queue).group(1))  # type: ignore[union-attr]
    assert _client(world["staff"]).get(f"/meetings/leave/{leave_id}/decide/").status_code == 403
    response = chair.post(f"/meetings/leave/{leave_id}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    page = member.get(f"/meetings/{m.pk}/").content.decode()
    assert "已准假" in page
    assert DutyRecord.objects.filter(
        member=member_of(world["member"]), kind=DutyKind.MEETING_LEAVE
    ).exists()


def test_proxy_signin_and_attendance_list(world: factories.World) -> None:
    m = meeting(world)
    staff = _client(world["staff"])
    target = member_of(world["director"])
    empty = staff.post(f"/meetings/{m.pk}/attendance/", {"member": target.pk, "reason": ""})
    assert "errorlist" in empty.content.decode()
    assert (
        staff.post(
            f"/meetings/{m.pk}/attendance/", {"member": target.pk, "reason": "年迈，未带手机"}
        ).status_code
        == 302
    )
    chair_view = _client(world["chair"]).get(f"/meetings/{m.pk}/attendance/").content.decode()
    assert "年迈，未带手机" in chair_view
    assert "代签" in chair_view
    assert DutyRecord.objects.filter(member=target, kind=DutyKind.MEETING_ATTENDED).exists()


def test_speech_with_upload_through_page(world: factories.World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    m = meeting(world)
    member = _client(world["member"])
    bad = member.post(
        f"/meetings/{m.pk}/speeches/new/",
        {
            "kind": "written",
            "title": "关于发展边境旅游的建议",
            "file": SimpleUploadedFile("发言.pdf", b"not a pdf"),
        },
    )
    assert bad.status_code == 200
    assert "关于发展边境旅游的建议" in bad.content.decode()
    ok = member.post(
        f"/meetings/{m.pk}/speeches/new/",
        {"kind": "written", "title": "关于发展边境旅游的建议", "text": "沿边开放旅游大通道……"},
    )
    assert ok.status_code == 302
    assert "关于发展边境旅游的建议" in member.get(f"/meetings/{m.pk}/").content.decode()


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_feed_is_well_formed_and_private(world: factories.World) -> None:
    m = meeting(world, state="published", title="州政协主席会议；研究“有事来商量”,年度计划")
    m.description = "议程：\n1. 审议计划\\草案"
    m.save()
    member = _client(world["member"])
    page = member.get("/meetings/calendar/").content.decode()
    feed_url = re.search(r'value="(http://testserver/meetings/calendar/[^"]+\.ics)"', page).group(1)  # type: ignore[union-attr]
    path = feed_url.split("testserver", 1)[1]
    response = Client().get(path)  # calendar apps have no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content.decode()
    assert raw.endswith("\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    events = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    assert len(events) == 1, raw
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert fields["UID"] == f"meeting-{m.pk}@testserver"
    assert fields["SUMMARY"] == "州政协主席会议\\；研究“有事来商量”\\,年度计划".replace(
        "\\；", "；"
    )
    assert fields["DESCRIPTION"] == "议程：\\n1. 审议计划\\\\草案"
    from datetime import UTC, datetime

    start = datetime.strptime(fields["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert start == m.starts_at.replace(microsecond=0)
    # the same UID on every fetch; a reset makes the old address stop working
    assert Client().get(path).content.decode().count(f"UID:meeting-{m.pk}@testserver") == 1
    member.post("/meetings/calendar/reset/")
    assert Client().get(path).status_code == 302
    assert CalendarFeed.objects.get(user=world["member"]).token not in path


def test_list_and_overview_query_counts(
    world: factories.World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        m = meeting(
            world, title=f"会议{i}", kind=MeetingKind.CHAIR if i % 2 else MeetingKind.STANDING
        )
        services.attendance_sign_in(
            acting_user=world["member"],
            code=signin_codes.code_for(m.pk, m.signin_secret, timezone.now()),
        )
        services.meeting_transition(acting_user=world["staff"], meeting=m, action="close")
    for username in ("member", "staff"):
        client = _client(world[username])
        client.get("/meetings/")
        with django_assert_max_num_queries(14):
            response = client.get("/meetings/")
        assert response.content.decode().count("/meetings/") > 12
    chair = _client(world["chair"])
    chair.get("/meetings/attendance/")
    with django_assert_max_num_queries(14):
        overview = chair.get("/meetings/attendance/")
    body = overview.content.decode()
    assert "经济委员会" in body
    assert "出席率" in body
    staff = _client(world["staff"])
    last = Meeting.objects.first()
    staff.get(f"/meetings/{last.pk}/attendance/")  # type: ignore[union-attr]
    with django_assert_max_num_queries(16):
        staff.get(f"/meetings/{last.pk}/attendance/")  # type: ignore[union-attr]


def test_invitations_for_a_large_committee_are_bulk(
    world: factories.World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from ningju.members.models import Member, Membership
    from ningju.orgs.models import Sector, Term

    org = world.prefecture
    term = Term.objects.get(organisation=org, is_current=True)
    sector = Sector.objects.filter(organisation=org).first()
    members = Member.objects.bulk_create(
        [
            Member(
                organisation=org,
                name=f"委员{i}",
                sex="male",
                ethnicity="朝鲜族",
                political_affiliation="non_party",
            )
            for i in range(420)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(member=m, term=term, sector=sector) for m in members]
    )
    m = meeting(world, state="draft")
    with django_assert_max_num_queries(12):
        added = services.invitations_add(
            acting_user=world["staff"], meeting=m, scope=InviteScope.ALL
        )
    assert added == 424


def test_sign_in_path_is_lean(world: factories.World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """The burst path: session, user, principal, one meeting+invitation query, the insert, the
    duty record and the audit row, all in one transaction."""
    m = meeting(world)
    code = signin_codes.code_for(m.pk, m.signin_secret, timezone.now())
    phone = _client(world["member"])
    with django_assert_max_num_queries(14):
        assert phone.get(f"/meetings/signin/{code}/").status_code == 200
    with django_assert_max_num_queries(26):
        assert "签到成功" in phone.post(f"/meetings/signin/{code}/").content.decode()


def test_workspace_panel_links_calendar_and_leave_queue(world: factories.World) -> None:
    from tests.meetings_factories import leave

    m = meeting(world, kind=MeetingKind.PLENARY, state="published")
    leave(world, m)
    member_page = _client(world["member"]).get("/workspace/").content.decode()
    assert "/meetings/calendar/" in member_page
    assert "即将召开的会议" in member_page
    chair_page = _client(world["chair"]).get("/workspace/").content.decode()
    assert "待审批的请假" in chair_page
    assert "/meetings/leave/" in chair_page
