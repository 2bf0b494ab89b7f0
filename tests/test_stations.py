"""Liaison stations: master data, members, roster with duty records, receptions (masked,
encrypted), conversion into 社情民意 and proposal drafts, a routed public request answered
by a reception, activities, yearly figures, the API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Sector
from ningju.performance.models import DutyRecord
from ningju.stations import services
from ningju.stations.choices import Handling
from ningju.stations.models import DutyShift, Reception, Station
from ningju.voices import services as voice_services
from ningju.voices.choices import RouteKind, Status
from tests import voices_factories as vf
from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits() -> None:
    vf.clear_limits()


def _client(w: World, username: str) -> Client:
    c = Client()
    c.force_login(w[username])
    return c


def _reception_form(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "walk_in",
        "visitor_name": "李春花",
        "visitor_phone": "13643331234",
        "topic": "农村留守老人就医难",
        "issue": "安图县村里的留守老人去县医院看病要换乘两次车，希望开通巡回医疗。",
        "handling": "pending",
        "handling_note": "",
        "satisfaction": "",
    }
    data.update(over)
    return data


def test_staff_create_a_sector_station_with_bad_input_kept(world: World) -> None:
    staff = _client(world, "staff")
    sector = Sector.objects.filter(organisation=world.prefecture).first()
    assert sector is not None
    form = {
        "name": "延边大学界别委员联络站",
        "kind": "sector_station",
        "address": "延吉市公园路977号延边大学",
        "opening_hours": "每周三 9:00-11:30",
        "is_active": "on",
    }
    refused = staff.post("/stations/new/", form)
    assert refused.status_code == 400
    assert "界别委员联络站须选择界别" in refused.content.decode()
    assert "延吉市公园路977号延边大学" in refused.content.decode()
    created = staff.post("/stations/new/", {**form, "sector": sector.pk})
    assert created.status_code == 302
    station = Station.objects.get(name="延边大学界别委员联络站")
    assert station.organisation_id == world.prefecture.pk
    member = Member.objects.get(user=world["member"])
    staff.post(f"/stations/{station.pk}/members/", {"member": member.pk, "role": "convenor"})
    assert station.assignments.filter(member=member, role="convenor").exists()
    # Members see the list; units and the public do not.
    assert _client(world, "member").get("/stations/").status_code == 200
    assert _client(world, "unit_officer").get("/stations/").status_code == 403
    assert _client(world, "county_staff").get(f"/stations/{station.pk}/").status_code == 404


def test_roster_duty_writes_the_members_duty_record(world: World) -> None:
    station = vf.station(world)
    member = Member.objects.get(user=world["member"])
    staff = _client(world, "staff")
    yesterday = timezone.localdate() - timedelta(days=1)
    response = staff.post(
        f"/stations/{station.pk}/roster/", {"member": member.pk, "on_date": yesterday.isoformat()}
    )
    assert response.status_code == 302
    shift = DutyShift.objects.get(station=station)
    # The member confirms their own duty day.
    assert (
        _client(world, "member")
        .post(f"/stations/shifts/{shift.pk}/mark/", {"status": "done"})
        .status_code
        == 302
    )
    shift.refresh_from_db()
    assert shift.status == "done"
    record = DutyRecord.objects.get(member=member, kind="station_duty")
    assert record.occurred_on == yesterday
    assert not record.is_void
    # Another member may not mark it; staff mark it missed and the record is voided.
    assert (
        _client(world, "standing")
        .post(f"/stations/shifts/{shift.pk}/mark/", {"status": "done"})
        .status_code
        == 403
    )
    staff.post(f"/stations/shifts/{shift.pk}/mark/", {"status": "missed"})
    record.refresh_from_db()
    assert record.is_void


def test_reception_is_masked_and_encrypted_and_converts_to_an_opinion_draft(world: World) -> None:
    station = vf.station(world)
    member_client = _client(world, "member")
    response = member_client.post(f"/stations/{station.pk}/receptions/new/", _reception_form())
    assert response.status_code == 302
    reception = Reception.objects.get()
    member = Member.objects.get(user=world["member"])
    assert reception.received_by_id == member.pk
    with connection.cursor() as cursor:
        cursor.execute("select visitor_phone from stations_reception where id = %s", [reception.pk])
        assert "13643331234" not in cursor.fetchone()[0]
    # Receiving writes the day's station-duty record (once per day).
    assert DutyRecord.objects.filter(member=member, kind="station_duty").count() == 1
    listing = member_client.get(f"/stations/{station.pk}/receptions/").content.decode()
    assert "李**" in listing
    assert "李春花" not in listing
    detail = member_client.get(f"/stations/receptions/{reception.pk}/").content.decode()
    assert "136****1234" in detail
    assert "转为社情民意草稿" in detail
    # Only the member who received it converts it.
    assert (
        _client(world, "staff").post(f"/stations/receptions/{reception.pk}/to-opinion/").status_code
        == 403
    )
    converted = member_client.post(f"/stations/receptions/{reception.pk}/to-opinion/")
    assert converted.status_code == 302
    reception.refresh_from_db()
    assert reception.result_kind == "opinion"
    assert reception.handling == Handling.OPINION
    assert converted["Location"] == f"/opinions/{reception.result_id}/edit/"
    from ningju.opinions.models import Opinion

    opinion = Opinion.objects.get(pk=reception.result_id)
    assert opinion.title == "农村留守老人就医难"
    assert "巡回医疗" in opinion.situation
    # The entry links to what it became; converting twice is refused.
    assert (
        f"/opinions/{opinion.pk}/edit/"
        in member_client.get(f"/stations/receptions/{reception.pk}/").content.decode()
    )
    assert (
        member_client.post(f"/stations/receptions/{reception.pk}/to-proposal/").status_code == 403
    )


def test_reception_converts_to_a_proposal_draft(world: World) -> None:
    station = vf.station(world)
    member_client = _client(world, "member")
    member_client.post(f"/stations/{station.pk}/receptions/new/", _reception_form())
    reception = Reception.objects.get()
    converted = member_client.post(f"/stations/receptions/{reception.pk}/to-proposal/")
    assert converted.status_code == 302
    reception.refresh_from_db()
    assert reception.result_kind == "proposal"
    from ningju.proposals.models import Proposal

    proposal = Proposal.objects.get(pk=reception.result_id)
    assert proposal.status == "draft"
    assert "巡回医疗" in proposal.situation


def test_public_request_routed_to_a_station_is_answered_by_a_reception(world: World) -> None:
    station = vf.station(world)
    item = vf.submit(world.prefecture)
    voice_services.request_route(
        acting_user=world["staff"],
        request=item,
        route=voice_services.Route(kind=RouteKind.STATION, station_id=station.pk),
    )
    member_client = _client(world, "member")
    page = member_client.get(f"/stations/{station.pk}/").content.decode()
    assert item.title in page
    form = member_client.get(
        f"/stations/{station.pk}/receptions/new/?request={item.pk}"
    ).content.decode()
    assert vf.CLEAN_TEXT in form
    # An outcome is required when answering a request.
    missing = member_client.post(
        f"/stations/{station.pk}/receptions/new/?request={item.pk}",
        _reception_form(channel="online", public_request=item.pk, handling="answered"),
    )
    assert missing.status_code == 400
    done = member_client.post(
        f"/stations/{station.pk}/receptions/new/",
        _reception_form(
            channel="online",
            public_request=item.pk,
            handling="referred",
            referred_unit=HandlingUnit.objects.filter(organisation=world.prefecture).first().pk,  # type: ignore[union-attr]
            handling_note="已转延吉市城管局，答复两周内修复。",
        ),
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert item.reception_id == Reception.objects.get().pk
    assert "两周内修复" in item.outcome
    assert item.title not in member_client.get(f"/stations/{station.pk}/").content.decode()


def test_activity_records_attendance_and_the_year_figures(world: World) -> None:
    station = vf.station(world, members=("member", "standing"))
    staff = _client(world, "staff")
    members = list(Member.objects.filter(user__username__in=["member", "standing"]))
    response = staff.post(
        f"/stations/{station.pk}/activities/new/",
        {
            "kind": "consultation",
            "title": "有事来商量：老旧小区加装电梯",
            "held_on": timezone.localdate().isoformat(),
            "attendees": [m.pk for m in members],
        },
    )
    assert response.status_code == 302
    assert DutyRecord.objects.filter(kind="activity", member__in=members).count() == 2
    future = staff.post(
        f"/stations/{station.pk}/activities/new/",
        {
            "kind": "study",
            "title": "学习",
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert future.status_code == 400
    services.reception_create(
        acting_user=world["staff"],
        station=station,
        data=services.ReceptionData(
            channel="phone",
            topic="咨询",
            issue="咨询政协委员联络站开放时间",
            handling="answered",
            handling_note="每周三上午开放",
        ),
    )
    page = staff.get("/stations/").content.decode()
    assert station.name in page


def test_station_list_query_count(world: World, django_assert_max_num_queries: object) -> None:
    for n in range(8):
        vf.station(world, name=f"联络站{n}", members=())
    staff = _client(world, "staff")
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        assert staff.get("/stations/").status_code == 200


def test_api_stations_roster_and_receptions(world: World) -> None:
    station = vf.station(world)
    member = Member.objects.get(user=world["member"])
    services.shift_add(
        acting_user=world["staff"],
        station=station,
        member_id=member.pk,
        on_date=timezone.localdate(),
    )
    client = _client(world, "member")
    assert [s["name"] for s in client.get("/api/v1/stations").json()] == [station.name]
    detail = client.get(f"/api/v1/stations/{station.pk}").json()
    assert detail["members"][0]["member_id"] == member.pk
    assert client.get(f"/api/v1/stations/{station.pk}/roster").json()[0]["member_id"] == member.pk
    created = client.post(
        f"/api/v1/stations/{station.pk}/receptions",
        data=json.dumps(
            {
                "channel": "phone",
                "topic": "供暖不热",
                "issue": "龙井市小区供暖温度不达标",
                "visitor_name": "崔英",
                "visitor_phone": "13904331234",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["visitor"] == "崔*"
    assert created.json()["visitor_phone"] == "139****1234"
    rows = client.get(f"/api/v1/stations/{station.pk}/receptions").json()
    assert rows[0]["topic"] == "供暖不热"
    bad = client.post(
        f"/api/v1/stations/{station.pk}/receptions",
        data=json.dumps({"channel": "fax", "topic": "x", "issue": "xxxxxx"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["detail"]["field"] == "channel"
    assert (
        _client(world, "standing").get(f"/api/v1/stations/{station.pk}/receptions").status_code
        == 403
    )


def test_staff_edit_station_and_remove_a_member(world: World) -> None:
    station = vf.station(world)
    vf.station(world, name="州市政协委员联络站", members=())
    staff = _client(world, "staff")
    form = {"name": "州市政协委员联络站", "kind": "station", "address": "延吉市长白山西路6号"}
    duplicate = staff.post(f"/stations/{station.pk}/edit/", form)
    assert duplicate.status_code == 400
    assert "已有同名的联络站" in duplicate.content.decode()
    ok = staff.post(f"/stations/{station.pk}/edit/", {**form, "name": "延边大学委员联络站"})
    assert ok.status_code == 302
    station.refresh_from_db()
    assert station.name == "延边大学委员联络站"
    assert not station.is_active  # unticked box: the station is closed
    member = Member.objects.get(user=world["member"])
    staff.post(f"/stations/{station.pk}/members/{member.pk}/remove/")
    assert not station.assignments.filter(member=member).exists()
    # Closed stations cannot receive routed requests.
    item = vf.submit(world.prefecture)
    refused = staff.post(f"/voices/{item.pk}/route/", {"kind": "station", "station": station.pk})
    assert refused.status_code == 400


def test_staff_search_finds_traditional_input(world: World) -> None:
    vf.submit(world.prefecture, title="學校門口交通擁堵")
    page = _client(world, "staff").get("/voices/?q=学校门口").content.decode()
    assert "學校門口交通擁堵" in page


def test_reception_list_query_count(world: World, django_assert_max_num_queries: object) -> None:
    station = vf.station(world)
    member = Member.objects.get(user=world["member"])
    for n in range(12):
        services.reception_create(
            acting_user=world["staff"],
            station=station,
            data=services.ReceptionData(
                channel="walk_in",
                topic=f"事项{n}",
                issue="小区门前道路积水，雨天无法通行。",
                visitor_name="朴英子",
                received_by_id=member.pk,
            ),
        )
    staff = _client(world, "staff")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = staff.get(f"/stations/{station.pk}/receptions/")
    assert page.content.decode().count("朴**") == 12
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert staff.get(f"/stations/{station.pk}/").status_code == 200
