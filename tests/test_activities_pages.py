"""Activity, study and reading pages and API: full workflows and bad input."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from ningju.activities import selectors
from ningju.activities.models import Activity, ActivityPhoto, CheckIn, StudySession
from ningju.members.models import Member
from ningju.performance.models import DutyRecord
from tests import activities_factories as af
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "政协委员爱心驿站捐书进校园",
        "kind": "donation",
        "occurred_on": af.yesterday().isoformat(),
        "place": "龙井市智新镇中心小学",
        "organiser_kind": "organisation",
        "report": "向学校捐赠图书和文具。",
        "people_served": "260",
        "value_donated": "15800.00",
        "items_donated": "1200",
        "trees_planted": "0",
        "projects_signed": "0",
    }
    data.update(overrides)
    return data


def test_member_records_with_photo_staff_confirms_campaign_rises(world: factories.World) -> None:
    campaign = af.campaign(world.prefecture)
    member = _client(world["member"])
    photo = af.png_upload("现场.png", width=2400, height=1800)
    response = member.post(
        "/activities/new/", _form(campaign_id=str(campaign.pk), photo=photo, submit="1")
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="政协委员爱心驿站捐书进校园")
    assert activity.status == "submitted"
    assert activity.value_donated == Decimal("15800.00")
    stored = ActivityPhoto.objects.get(activity=activity)
    assert max(stored.width, stored.height) == 1600  # resized, re-encoded as JPEG
    image = member.get(f"/activities/photos/{stored.pk}/")
    assert image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    # Not counted yet.
    assert (
        selectors.campaign_get(user=world["staff"], campaign_id=campaign.pk).total_people_served
        == 0
    )
    staff = _client(world["staff"])
    assert "政协委员爱心驿站捐书进校园" in staff.get("/activities/review/").content.decode()
    assert staff.post(f"/activities/{activity.pk}/confirm/").status_code == 302
    page = staff.get(f"/activities/campaigns/{campaign.pk}/").content.decode()
    assert '<dd data-figure="people_served">260</dd>' in page
    assert '<dd data-figure="value_donated">15800.00</dd>' in page
    assert DutyRecord.objects.filter(kind="public_welfare", member__name="金哲洙").count() == 1
    # Office staff record an activity with participants and confirm it at once.
    ids = list(Member.objects.filter(name__in=["朴英顺", "康芳"]).values_list("pk", flat=True))
    response = staff.post(
        "/activities/record/",
        _form(
            title="绿美延吉植树",
            kind="tree_planting",
            participant_ids=ids,
            trees_planted="300",
            confirm="1",
        ),
    )
    assert response.status_code == 302
    planted = Activity.objects.get(title="绿美延吉植树")
    assert planted.status == "confirmed"
    assert DutyRecord.objects.filter(source_id=str(planted.pk), kind="public_welfare").count() == 2


def test_bad_input_changes_nothing_and_says_why(world: factories.World) -> None:
    member = _client(world["member"])
    campaign = af.campaign(world.prefecture)
    cases = [
        (_form(people_served="-5"), "people_served", "0"),
        (_form(value_donated="-1.00"), "value_donated", "0"),
        (
            _form(occurred_on=(timezone.localdate() + timedelta(days=3)).isoformat()),
            "occurred_on",
            "日期不能晚于今天。",
        ),
        (
            _form(occurred_on="2020-05-01", campaign_id=str(campaign.pk)),
            "campaign_id",
            "活动日期不在该活动主题的时间范围内。",
        ),
        (
            _form(photo=SimpleUploadedFile("a.gif", b"GIF89a....", "image/gif")),
            "photo",
            "不支持的文件类型：.gif。",
        ),
        (
            _form(photo=SimpleUploadedFile("a.png", b"not an image at all", "image/png")),
            "photo",
            "文件内容与扩展名 .png 不符",
        ),
        (_form(organiser_kind="committee"), "committee_id", "请选择专门委员会"),
    ]
    for data, field, message in cases:
        response = member.post("/activities/new/", data)
        assert response.status_code == 400, field
        body = response.content.decode()
        assert f'id="id_{field}_error"' in body, field
        assert message in body, (field, message)
        assert "龙井市智新镇中心小学" in body  # what was typed is kept
    assert not Activity.objects.exists()
    # A JPEG header with garbage after it: Pillow refuses it.
    broken = SimpleUploadedFile("b.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "image/jpeg")
    response = member.post("/activities/new/", _form(photo=broken))
    assert response.status_code == 400
    assert "文件已损坏" in response.content.decode()
    assert not Activity.objects.exists()
    # Campaigns: the period must be the right way round and targets not negative.
    from ningju.activities.models import Campaign

    staff = _client(world["staff"])
    base = {"title": "五大工程", "starts_on": "2026-06-01", "ends_on": "2026-12-01"}
    for data, message in (
        (base | {"ends_on": "2026-05-01"}, "结束日期不能早于开始日期。"),
        (base | {"people_served": "-10"}, 'id="id_people_served_error"'),
    ):
        response = staff.post("/activities/campaigns/new/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Campaign.objects.count() == 1


def test_api_activities_and_reading(world: factories.World) -> None:
    member = _client(world["member"])
    campaign = af.campaign(world.prefecture)
    payload = {
        "title": "万企兴万村项目推介会",
        "kind": "investment",
        "occurred_on": af.yesterday().isoformat(),
        "place": "珲春市",
        "projects_signed": 4,
        "campaign_id": campaign.pk,
        "submit": True,
    }
    response = member.post(
        "/api/v1/activities", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "submitted"
    assert created["projects_signed"] == 4
    for bad, field in (
        ({"projects_signed": -1}, "projects_signed"),
        ({"occurred_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "occurred_on"),
        ({"value_donated": "-3"}, "value_donated"),
    ):
        response = member.post(
            "/api/v1/activities", json.dumps(payload | bad), content_type="application/json"
        )
        assert response.status_code == 400, bad
        assert field in response.json()["detail"]
    assert Activity.objects.count() == 1
    staff = _client(world["staff"])
    staff.post(f"/activities/{created['id']}/confirm/")
    campaigns = member.get("/api/v1/activities/campaigns").json()
    assert campaigns[0]["totals"]["projects_signed"] == 4
    assert campaigns[0]["totals"]["activity_count"] == 1
    listed = member.get("/api/v1/activities").json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert member.get(f"/api/v1/activities/{created['id']}").json()["place"] == "珲春市"
    assert (
        _client(world["county_member"]).get(f"/api/v1/activities/{created['id']}").status_code
        == 404
    )
    # Study sessions.
    af.study_session(
        world.prefecture, kind="lecture_hall", title="政协大讲堂：铸牢中华民族共同体意识"
    )
    sessions = member.get("/api/v1/study/sessions?kind=lecture_hall").json()
    assert [s["title"] for s in sessions["results"]] == ["政协大讲堂：铸牢中华民族共同体意识"]
    # Reading check-ins.
    book = af.book(world.prefecture)
    good = {"book_id": book.pk, "read_on": af.yesterday().isoformat(), "pages": 30, "minutes": 40}
    response = member.post(
        "/api/v1/reading/checkins", json.dumps(good), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["book_title"] == "中华民族共同体概论"
    for bad, field in (
        ({"read_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "read_on"),
        ({"pages": 0, "minutes": 0}, "pages"),
        ({"pages": -2}, "pages"),
    ):
        response = member.post(
            "/api/v1/reading/checkins", json.dumps(good | bad), content_type="application/json"
        )
        assert response.status_code == 400, bad
        assert field in response.json()["detail"], bad
    assert CheckIn.objects.count() == 1
    mine = member.get("/api/v1/reading/checkins").json()
    assert mine["count"] == 1
    assert mine["results"][0]["minutes"] == 40
    assert _client(world["standing"]).get("/api/v1/reading/checkins").json()["count"] == 0
    assert DutyRecord.objects.filter(kind="reading", member__name="金哲洙").count() == 1


def test_reading_page_and_member_include(world: factories.World) -> None:
    member = _client(world["member"])
    book = af.book(world.prefecture, title="乡土中国", author="费孝通", isbn="978-7-02-018034-9")
    response = member.post(
        "/study/reading/checkin/",
        {
            "book_id": book.pk,
            "read_on": af.yesterday().isoformat(),
            "pages": "25",
            "note": "差序格局",
        },
    )
    assert response.status_code == 302
    page = member.get("/study/reading/").content.decode()
    assert "《乡土中国》" in page
    assert "差序格局" in page
    # Bad check-in: future date and nothing read; kept input, messages by the fields.
    response = member.post(
        "/study/reading/checkin/",
        {
            "book_id": book.pk,
            "read_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "note": "还没读",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "日期不能晚于今天。" in body
    assert "还没读" in body
    assert CheckIn.objects.count() == 1
    # The include for the member profile page (owned by the members app).
    summary = selectors.reading_summary_for_member(member=Member.objects.get(name="金哲洙"))
    assert (summary.checkins, summary.pages, summary.books) == (1, 25, 1)
    html = render_to_string("activities/_member_reading.html", {"reading": summary})
    assert "《乡土中国》" in html
    assert "25" in html
    # The workspace panel counts this year's check-ins; staff see records to confirm.
    af.member_activity(world["member"], state="returned")
    workspace = member.get("/workspace/").content.decode()
    assert "被退回、待修改的活动" in workspace
    assert f"{timezone.localdate().year}年读书打卡" in workspace
    af.member_activity(world["member"], state="submitted")
    assert "委员填报待确认的活动" in _client(world["staff"]).get("/workspace/").content.decode()
    # Books: bad ISBN and wrong cover type are refused with messages.
    response = member.post(
        "/study/books/new/",
        {
            "title": "边疆史",
            "author": "某某",
            "isbn": "9787020180340",
            "cover": SimpleUploadedFile("c.txt", b"hello", "text/plain"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "ISBN 无效" in body
    assert "不支持的文件类型" in body
    # Korean.
    member.post("/preferences/language/", {"language": "ko", "next": "/study/reading/"})
    korean = member.get("/study/reading/").content.decode()
    assert "나의 독서" in korean
    assert "독서출석" in korean


def test_study_attendance_notes_materials_and_staff_calendar(world: factories.World) -> None:
    staff = _client(world["staff"])
    response = staff.post(
        "/study/new/",
        {
            "kind": "standing_committee",
            "title": "常委会专题学习：民族团结进步",
            "held_on": af.yesterday().isoformat(),
        },
    )
    assert response.status_code == 302
    session = StudySession.objects.get()
    ids = list(Member.objects.filter(name__in=["金哲洙", "朴英顺"]).values_list("pk", flat=True))
    staff.post(f"/study/{session.pk}/attendance/", {"member_ids": ids})
    assert DutyRecord.objects.filter(kind="study", is_void=False).count() == 2
    staff.post(f"/study/{session.pk}/attendance/", {"member_ids": ids[:1]})
    assert DutyRecord.objects.filter(kind="study", is_void=False).count() == 1
    assert DutyRecord.objects.filter(kind="study", is_void=True).count() == 1
    staff.post(
        f"/study/{session.pk}/materials/",
        {"file": SimpleUploadedFile("x.exe", b"MZ....", "application/octet-stream")},
    )
    assert not session.materials.exists()
    member = _client(world["member"])
    member.post(f"/study/{session.pk}/note/", {"text": "民族团结是各族人民的生命线。"})
    page = staff.get(f"/study/{session.pk}/").content.decode()
    assert "民族团结是各族人民的生命线。" in page
    # Future sessions take no attendance.
    future = af.study_session(
        world.prefecture, held_on=timezone.localdate() + timedelta(days=7), title="下周学习"
    )
    staff.post(f"/study/{future.pk}/attendance/", {"member_ids": ids})
    assert DutyRecord.objects.filter(kind="study", is_void=False).count() == 1
    # Staff calendar: plan an item and mark it done; completion per staff member.
    staff.post(
        "/study/calendar/new/",
        {
            "cadence": "monthly",
            "title": "月讲：公文写作规范",
            "planned_on": af.yesterday().isoformat(),
        },
    )
    from ningju.activities.models import StaffStudyItem

    item = StaffStudyItem.objects.get()
    staff.post(f"/study/calendar/{item.pk}/mark/", {"done": "1"})
    rows = selectors.staff_completion(user=world["staff"], year=item.planned_on.year)
    mine = next(r for r in rows if r["user"] == world["staff"])
    assert (mine["done"], mine["planned"], mine["percent"]) == (1, 1, 100)
    assert "100%" in staff.get(f"/study/calendar/?year={item.planned_on.year}").content.decode()
