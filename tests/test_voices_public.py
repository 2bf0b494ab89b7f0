"""The public /consult/ pages: submit, follow-up code, tracking, moderation hold, rate limits,
honeypot, bad input kept, masking, published outcomes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from ningju.core.models import AuditEvent
from ningju.notify.models import Notification
from ningju.voices.choices import Status
from ningju.voices.models import PublicRequest
from ningju.voices.ratelimit import PER_IP_PER_HOUR, PER_PHONE_PER_DAY
from tests import voices_factories as vf
from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits() -> None:
    vf.clear_limits()


def _form(w: World, **over: str) -> dict[str, str]:
    data = {
        "organisation": str(w.prefecture.pk),
        "subject": "urban",
        "title": "小区路灯坏了",
        "text": vf.CLEAN_TEXT,
        "requester_name": "金美玉",
        "phone": "139 1234 5678",
        "publish_consent": "on",
        "consent": "on",
        "website": "",
    }
    data.update(over)
    return data


def test_anyone_submits_and_gets_a_code_then_tracks_it(world: World) -> None:
    client = Client()
    page = client.get("/consult/")
    assert page.status_code == 200
    assert "个人信息告知" in page.content.decode()
    response = client.post("/consult/", _form(world), follow=True)
    assert response.status_code == 200
    item = PublicRequest.objects.get()
    assert item.status == Status.RECEIVED
    shown = f"{item.code[:4]}-{item.code[4:]}"
    assert shown in response.content.decode()
    assert set(item.code) <= set("ACDEFHJKMNPQRTUVWXY3479")
    # Stored encrypted: the raw column never holds the number.
    with connection.cursor() as cursor:
        cursor.execute("select phone from voices_publicrequest where id = %s", [item.pk])
        raw = cursor.fetchone()[0]
    assert "13912345678" not in raw
    assert raw.startswith("sm4g1:")
    assert item.phone == "13912345678"
    # Office staff are told; the submission is audited.
    assert Notification.objects.filter(recipient=world["staff"]).exists()
    assert AuditEvent.objects.filter(action="voices.submit", object_id=str(item.pk)).exists()
    # Tracking: code (any case, with or without the dash) + last four digits.
    found = client.post("/consult/track/", {"code": shown.lower(), "last4": "5678"})
    assert found.status_code == 200
    assert "已受理" in found.content.decode()
    assert item.title in found.content.decode()
    wrong = client.post("/consult/track/", {"code": item.code, "last4": "0000"})
    assert wrong.status_code == 404
    assert "没有找到" in wrong.content.decode()


def test_bad_input_keeps_everything_typed(world: World) -> None:
    client = Client()
    response = client.post(
        "/consult/", _form(world, phone="12345", title="我的标题留着", consent="")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写11位手机号码" in body
    assert "请阅读个人信息告知并勾选同意后再提交" in body
    assert 'value="我的标题留着"' in body
    assert vf.CLEAN_TEXT in body
    assert not PublicRequest.objects.exists()


def test_too_short_text_is_refused_next_to_the_field(world: World) -> None:
    response = Client().post("/consult/", _form(world, text="路灯坏了"))
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    assert not PublicRequest.objects.exists()


def test_honeypot_stores_nothing(world: World) -> None:
    response = Client().post("/consult/", _form(world, website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not PublicRequest.objects.exists()
    assert 'data-testid="follow-up-code"' not in response.content.decode()
    assert AuditEvent.objects.filter(action="voices.honeypot").exists()


def test_rate_limit_per_ip(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(PER_IP_PER_HOUR):
        ok = client.post("/consult/", _form(world, phone=f"1380000{n:04d}"))
        assert ok.status_code == 302
    refused = client.post("/consult/", _form(world, phone="13800009999", title="还留着"))
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "太频繁" in body
    assert 'value="还留着"' in body
    assert PublicRequest.objects.count() == PER_IP_PER_HOUR
    # Another address is not affected.
    assert Client(REMOTE_ADDR="203.0.113.10").post("/consult/", _form(world)).status_code == 302


def test_rate_limit_per_phone(world: World) -> None:
    for n in range(PER_PHONE_PER_DAY):
        ok = Client(REMOTE_ADDR=f"198.51.100.{n}").post("/consult/", _form(world))
        assert ok.status_code == 302
    refused = Client(REMOTE_ADDR="198.51.100.200").post("/consult/", _form(world))
    assert refused.status_code == 429
    assert "这个手机号今天已提交了多次" in refused.content.decode()


def test_flagged_text_is_held_never_public_never_lost(world: World) -> None:
    client = Client()
    client.post("/consult/", _form(world, text=vf.SPAM_TEXT, title="优惠活动"))
    item = PublicRequest.objects.get()
    assert item.status == Status.HELD
    assert item.moderation_reasons
    assert "links" in item.moderation_codes
    # The requester sees "received" (not why), the public list does not show it.
    found = Client().post("/consult/track/", {"code": item.code, "last4": "5678"})
    assert "已受理" in found.content.decode()
    assert "待审核" not in found.content.decode()
    assert "优惠活动" not in Client().get("/consult/").content.decode()
    # Staff see it with the reasons.
    staff = Client()
    staff.force_login(world["staff"])
    page = staff.get(f"/voices/{item.pk}/").content.decode()
    assert "内容过滤提示" in page
    assert item.moderation_reasons[0] in page


def test_published_outcomes_list_masks_the_name(world: World) -> None:
    published = vf.in_state(world, Status.PUBLISHED, name="金美玉")
    vf.in_state(world, Status.ANSWERED, title="未公开的事")
    page = Client().get("/consult/").content.decode()
    assert published.title in page
    assert "未公开的事" not in page
    detail = Client().get(f"/consult/outcomes/{published.pk}/")
    body = detail.content.decode()
    assert "金**" in body
    assert "金美玉" not in body
    assert "路灯已修好" in body
    assert "1390" not in body
    answered = PublicRequest.objects.get(title="未公开的事")
    assert Client().get(f"/consult/outcomes/{answered.pk}/").status_code == 404


def test_requester_sees_outcome_once_answered(world: World) -> None:
    item = vf.in_state(world, Status.ANSWERED, phone="13712340000")
    page = Client().post("/consult/track/", {"code": item.code, "last4": "0000"}).content.decode()
    assert "路灯已修好" in page


def test_thanks_without_submission_goes_back_to_form(world: World) -> None:
    response = Client().get("/consult/thanks/")
    assert response.status_code == 302
    assert response["Location"] == "/consult/"


def test_publish_needs_consent(world: World) -> None:
    from ningju.core.errors import DomainError
    from ningju.voices import services

    item = vf.in_state(world, Status.ANSWERED, publish_consent=False)
    with pytest.raises(DomainError):
        services.request_publish(acting_user=world["staff"], request=item)
