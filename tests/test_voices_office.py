"""Office and receiver pages on /voices/: release, reject, duplicates and merge, routing with
notifications, the receiver's outcome, publishing; masking; audit; the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ningju.core.models import AuditEvent
from ningju.members.models import Member
from ningju.notify.models import Notification
from ningju.orgs.models import HandlingUnit
from ningju.voices.choices import Status
from ningju.voices.models import PublicRequest
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


def test_staff_release_a_held_request_then_route_it_to_a_unit(world: World) -> None:
    held = vf.in_state(world, Status.HELD)
    staff = _client(world, "staff")
    assert staff.post(f"/voices/{held.pk}/release/").status_code == 302
    held.refresh_from_db()
    assert held.status == Status.RECEIVED
    unit = HandlingUnit.objects.filter(organisation=world.prefecture).first()
    assert unit is not None
    response = staff.post(f"/voices/{held.pk}/route/", {"kind": "unit", "unit": unit.pk})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.ROUTED
    assert held.routed_unit_id == unit.pk
    # The unit's officer is told and records the outcome on the same page.
    assert Notification.objects.filter(recipient=world["unit_officer"]).exists()
    officer = _client(world, "unit_officer")
    assert officer.get(f"/voices/{held.pk}/").status_code == 200
    answer = officer.post(f"/voices/{held.pk}/answer/", {"outcome": "已安排维修，本周内完成。"})
    assert answer.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.ANSWERED
    actions = list(
        AuditEvent.objects.filter(object_id=str(held.pk), object_type="voices.publicrequest")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["voices.submit", "voices.release", "voices.route", "voices.answer"]


def test_reject_needs_a_reason_and_keeps_the_form(world: World) -> None:
    item = vf.in_state(world, Status.RECEIVED)
    staff = _client(world, "staff")
    response = staff.post(f"/voices/{item.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Status.RECEIVED
    assert staff.post(f"/voices/{item.pk}/reject/", {"reason": "属于信访事项"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.REJECTED
    page = Client().post("/consult/track/", {"code": item.code, "last4": item.phone[-4:]})
    assert "属于信访事项" in page.content.decode()


def test_duplicates_are_shown_and_merged(world: World) -> None:
    first = vf.submit(world.prefecture, title="河南街道路灯不亮")
    vf.submit(
        world.prefecture,
        title="学校门口交通拥堵",
        text="延吉市第三中学放学时门口车辆拥堵，孩子过马路很危险，希望增设交警。",
    )
    second = vf.submit(
        world.prefecture,
        title="河南街道小区路灯坏了",
        text="延吉市河南街道老旧小区的路灯已经坏了好几个月，晚上老人出门很不安全，请尽快修好。",
    )
    staff = _client(world, "staff")
    page = staff.get(f"/voices/{second.pk}/").content.decode()
    assert "可能重复的诉求" in page
    assert f'href="/voices/{first.pk}/"' in page
    assert "学校门口交通拥堵" not in page
    assert staff.post(f"/voices/{second.pk}/merge/", {"into": first.pk}).status_code == 302
    second.refresh_from_db()
    assert second.status == Status.MERGED
    assert second.merged_into_id == first.pk
    # The requester of the merged one is pointed at the other code.
    track = Client().post("/consult/track/", {"code": second.code, "last4": second.phone[-4:]})
    assert first.code[:4] in track.content.decode()


def test_publish_then_unpublish(world: World) -> None:
    item = vf.in_state(world, Status.ANSWERED)
    staff = _client(world, "staff")
    assert staff.post(f"/voices/{item.pk}/publish/").status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.title in Client().get("/consult/").content.decode()
    staff.post(f"/voices/{item.pk}/unpublish/")
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert item.published_at is None


def test_list_masks_names_and_phones_and_is_not_n_plus_one(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(12):
        vf.submit(world.prefecture, title=f"事项{n}", name="朴成浩")
    staff = _client(world, "staff")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = staff.get("/voices/")
    body = page.content.decode()
    assert "朴**" in body
    assert "朴成浩" not in body
    assert "1390" not in body
    detail = staff.get(f"/voices/{PublicRequest.objects.first().pk}/").content.decode()  # type: ignore[union-attr]
    assert "****" in detail
    # Revealing the full number is logged.
    item = PublicRequest.objects.first()
    assert item is not None
    revealed = staff.post(f"/voices/{item.pk}/phone/").content.decode()
    assert item.phone in revealed
    assert AuditEvent.objects.filter(action="voices.phone_view", object_id=str(item.pk)).exists()


def test_receivers_see_only_what_was_routed_to_them(world: World) -> None:
    routed = vf.in_state(world, Status.ROUTED)  # to the member 金哲洙
    other = vf.in_state(world, Status.RECEIVED)
    member = _client(world, "member")
    assert member.get(f"/voices/{routed.pk}/").status_code == 200
    assert member.get(f"/voices/{other.pk}/").status_code == 404
    assert _client(world, "standing").get(f"/voices/{routed.pk}/").status_code == 404
    assert _client(world, "county_staff").get(f"/voices/{routed.pk}/").status_code == 404
    # Members cannot route or publish.
    assert member.post(f"/voices/{other.pk}/release/").status_code == 404
    assert member.post(f"/voices/{routed.pk}/publish/").status_code == 403
    routed.refresh_from_db()
    assert routed.status == Status.ROUTED


def test_route_to_another_committees_member_is_refused(world: World) -> None:
    item = vf.in_state(world, Status.RECEIVED)
    county_member = Member.objects.get(name="崔明日")
    response = _client(world, "staff").post(
        f"/voices/{item.pk}/route/", {"kind": "member", "member": county_member.pk}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


# --------------------------------------------------------------------------- API


def _json(client: Client, url: str, data: dict) -> object:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_api_anonymous_submit_track_and_limits(world: World) -> None:
    anonymous = Client(enforce_csrf_checks=True)
    body = {
        "organisation_id": world.county.pk,
        "subject": "transport",
        "title": "公交车班次太少",
        "text": "延吉市到朝阳川的公交车晚上七点以后就没有了，下夜班的工人回不了家。",
        "phone": "13512345678",
        "consent": True,
    }
    created = _json(anonymous, "/api/v1/requests/public", body)
    assert created.status_code == 201  # type: ignore[attr-defined]
    code = created.json()["code"]  # type: ignore[attr-defined]
    item = PublicRequest.objects.get(title="公交车班次太少")
    assert item.organisation_id == world.county.pk
    found = _json(anonymous, "/api/v1/requests/track", {"code": code, "last4": "5678"})
    assert found.json()["status"] == "received"  # type: ignore[attr-defined]
    assert (
        _json(anonymous, "/api/v1/requests/track", {"code": code, "last4": "1111"}).status_code
        == 404
    )  # type: ignore[attr-defined]
    # Consent and phone are checked; spam is held; the phone limit applies.
    no_consent = _json(anonymous, "/api/v1/requests/public", {**body, "consent": False})
    assert no_consent.status_code == 400  # type: ignore[attr-defined]
    assert no_consent.json()["detail"]["field"] == "consent"  # type: ignore[attr-defined]
    bad_phone = _json(anonymous, "/api/v1/requests/public", {**body, "phone": "0433-1234"})
    assert bad_phone.json()["detail"]["field"] == "phone"  # type: ignore[attr-defined]
    held = _json(anonymous, "/api/v1/requests/public", {**body, "text": vf.SPAM_TEXT})
    assert held.json()["status"] == "received"  # type: ignore[attr-defined]
    assert PublicRequest.objects.filter(status=Status.HELD).count() == 1
    assert _json(anonymous, "/api/v1/requests/public", body).status_code == 201  # type: ignore[attr-defined]
    limited = _json(anonymous, "/api/v1/requests/public", body)
    assert limited.status_code == 429  # type: ignore[attr-defined]
    assert _json(anonymous, "/api/v1/requests/public", {**body, "website": "x"}).status_code == 400  # type: ignore[attr-defined]


def test_api_staff_route_and_receiver_answer(world: World) -> None:
    item = vf.in_state(world, Status.RECEIVED)
    staff = _client(world, "staff")
    rows = staff.get("/api/v1/requests?status=received").json()
    assert [r["id"] for r in rows] == [item.pk]
    assert rows[0]["requester"] == "金**"
    member = Member.objects.get(user=world["member"])
    routed = _json(
        staff, f"/api/v1/requests/{item.pk}/route", {"kind": "member", "member_id": member.pk}
    )
    assert routed.json()["status"] == "routed"  # type: ignore[attr-defined]
    answered = _json(
        _client(world, "member"),
        f"/api/v1/requests/{item.pk}/answer",
        {"outcome": "已与社区沟通解决。"},
    )
    assert answered.json()["status"] == "answered"  # type: ignore[attr-defined]
    assert _client(world, "county_staff").get(f"/api/v1/requests/{item.pk}").status_code == 404


def test_personal_data_is_purged_after_the_retention_period(world: World) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = vf.in_state(world, Status.PUBLISHED)
    recent = vf.in_state(world, Status.ANSWERED)
    still_open = vf.in_state(world, Status.ROUTED)
    long_ago = timezone.now() - timedelta(days=365 * 3 + 5)
    PublicRequest.objects.filter(pk__in=[old.pk, still_open.pk]).update(updated_at=long_ago)
    call_command("voices_purge")
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert old.phone == ""
    assert old.requester_name == ""
    assert old.outcome  # the matter stays
    assert recent.phone
    assert still_open.phone


def test_api_signed_in_operations_need_the_csrf_token(world: World) -> None:
    item = vf.in_state(world, Status.HELD)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world["staff"])
    refused = staff.post(
        f"/api/v1/requests/{item.pk}/release", data="{}", content_type="application/json"
    )
    assert refused.status_code == 403
    item.refresh_from_db()
    assert item.status == Status.HELD


def test_workspace_panels_show_the_work(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from ningju.stations import services as station_services

    vf.in_state(world, Status.HELD)
    vf.in_state(world, Status.ROUTED)  # to 金哲洙
    station = vf.station(world)
    member = Member.objects.get(user=world["member"])
    station_services.shift_add(
        acting_user=world["staff"],
        station=station,
        member_id=member.pk,
        on_date=timezone.localdate() + timedelta(days=2),
    )
    staff_page = _client(world, "staff").get("/workspace/").content.decode()
    assert "被过滤器拦下、待审核的诉求" in staff_page
    member_page = _client(world, "member").get("/workspace/").content.decode()
    assert "转给我办理的群众诉求" in member_page
    assert station.name in member_page
    assert _client(world, "unit_signer").get("/workspace/").status_code == 200
