"""微建议: the workflow table, member and public submission, screening, triage to reply to
publication through the pages, the public list, rate limit, bad input, query counts."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from ningju.core.errors import TransitionNotAllowed
from ningju.core.models import AuditEvent
from ningju.notify.models import Notification
from ningju.performance.models import DutyKind, DutyRecord
from ningju.suggestions import services, workflow
from ningju.suggestions.choices import Status
from ningju.suggestions.models import Suggestion, SuggestionSettings
from tests import factories
from tests.suggestions_factories import member_suggestion, suggestion_in, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_transition_table_every_pair(status: str, action: str) -> None:
    expected = workflow.TRANSITIONS.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.next_status(status, action)
    else:
        assert workflow.next_status(status, action) == expected
        assert action in workflow.allowed_actions(status)


def test_closed_and_rejected_are_final() -> None:
    assert workflow.allowed_actions(Status.CLOSED) == []
    assert workflow.allowed_actions(Status.REJECTED) == []


@pytest.mark.parametrize(
    ("status", "action"),
    [(Status.CLOSED, "reply"), (Status.CLOSED, "assign"), (Status.HELD, "assign")],
)
def test_services_refuse_moves_the_table_does_not_list(
    world: factories.World, status: str, action: str
) -> None:
    s = suggestion_in(world, status)
    if action == "reply":
        with pytest.raises(TransitionNotAllowed):
            services.suggestion_reply(acting_user=world["unit_officer"], suggestion=s, reply="x")
    else:
        with pytest.raises(TransitionNotAllowed):
            services.suggestion_assign(acting_user=world["staff"], suggestion=s, unit=unit(world))
    s.refresh_from_db()
    assert s.status == status


# --------------------------------------------------------------------------- the chain


def test_whole_chain_through_the_pages(world: factories.World) -> None:
    member, staff, officer = Client(), Client(), Client()
    member.force_login(world["member"])
    staff.force_login(world["staff"])
    officer.force_login(world["unit_officer"])

    # A member writes one on the member form: a duty record, the office is told.
    response = member.post(
        "/suggestions/mine/new/",
        {
            "title": "农村客运班线加密",
            "category": "transport",
            "body": "安图县二道白河镇到村里的班车每天只有一趟。",
        },
    )
    s = Suggestion.objects.get(title="农村客运班线加密")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/suggestions/{s.pk}/"
    assert s.status == Status.SUBMITTED
    assert s.source == "member"
    record = DutyRecord.objects.get(source_id=str(s.pk), kind=DutyKind.MICRO_SUGGESTION)
    assert "农村客运班线加密" in record.title
    assert Notification.objects.filter(recipient=world["staff"], event="suggestion.submitted")
    assert "农村客运班线加密" in member.get("/suggestions/mine/").content.decode()

    # Staff triage it to the handling unit; the unit and the author are told.
    queue = staff.get("/suggestions/queue/?status=submitted").content.decode()
    assert "农村客运班线加密" in queue
    response = staff.post(
        f"/suggestions/{s.pk}/assign/",
        {"assign-assignee": f"unit:{unit(world).pk}", "assign-note": "请州交通运输局答复"},
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED
    assert s.assigned_unit == unit(world)
    assert Notification.objects.filter(recipient=world["unit_officer"], event="suggestion.assigned")
    assert Notification.objects.filter(
        recipient=world["member"], event="suggestion.assigned_author"
    )

    # The unit replies; the author does not see the reply until the office approves it.
    response = officer.post(
        f"/suggestions/{s.pk}/reply/", {"reply-reply": "已协调客运公司，下月起增至每天三趟。"}
    )
    assert response.status_code == 302
    assert "每天三趟" not in member.get(f"/suggestions/{s.pk}/").content.decode()
    assert "每天三趟" not in Client().get("/suggestions/").content.decode()

    # The office approves and publishes; the author is told; anyone can read it.
    response = staff.post(
        f"/suggestions/{s.pk}/publish/", {"approve-reply": "已协调客运公司，下月起增至每天三趟。"}
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    assert s.is_published
    assert s.published_at
    assert Notification.objects.filter(recipient=world["member"], event="suggestion.closed")
    assert "每天三趟" in member.get(f"/suggestions/{s.pk}/").content.decode()
    public = Client().get("/suggestions/").content.decode()
    assert "农村客运班线加密" in public
    assert "每天三趟" in public
    assert "金哲洙" not in public  # names stay off the public page


def test_staff_may_send_a_reply_back_and_close_without_publishing(world: factories.World) -> None:
    s = suggestion_in(world, Status.REPLIED)
    staff = Client()
    staff.force_login(world["staff"])
    assert staff.post(f"/suggestions/{s.pk}/return/", {"return-reason": ""}).status_code == 400
    staff.post(f"/suggestions/{s.pk}/return/", {"return-reason": "请写明具体时间"})
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED
    assert s.return_reason == "请写明具体时间"
    assert Notification.objects.filter(recipient=world["unit_officer"], event="suggestion.returned")
    services.suggestion_reply(acting_user=world["unit_officer"], suggestion=s, reply="6月底前。")
    staff.post(f"/suggestions/{s.pk}/close/", {"approve-reply": "6月底前完成。"})
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    assert not s.is_published
    assert s.reply == "6月底前完成。"
    assert "老旧小区加装扶手" not in Client().get("/suggestions/").content.decode()


def test_assigning_to_an_office_lets_office_staff_reply(world: factories.World) -> None:
    from ningju.orgs.models import Office

    s = member_suggestion(world)
    office = Office.objects.filter(organisation=world.prefecture).first()
    s = services.suggestion_assign(acting_user=world["staff"], suggestion=s, office=office)
    assert not world["unit_officer"].has_perm("suggestions.reply", s)
    s = services.suggestion_reply(acting_user=world["staff"], suggestion=s, reply="本会已转交。")
    assert s.status == Status.REPLIED


def test_rejecting_a_member_suggestion_voids_the_duty_record(world: factories.World) -> None:
    s = suggestion_in(world, Status.REJECTED)
    assert DutyRecord.objects.get(source_id=str(s.pk), kind=DutyKind.MICRO_SUGGESTION).is_void
    assert Notification.objects.filter(recipient=world["member"], event="suggestion.rejected")


def test_other_units_and_organisations_cannot_see_or_act(world: factories.World) -> None:
    s = suggestion_in(world, Status.ASSIGNED)
    for username in ("county_staff", "standing", "editor"):
        client = Client()
        client.force_login(world[username])
        assert client.get(f"/suggestions/{s.pk}/").status_code == 404
        assert client.post(f"/suggestions/{s.pk}/reply/", {"reply-reply": "x"}).status_code == 404
    member = Client()
    member.force_login(world["member"])
    # The author sees it but may not reply or triage.
    assert member.post(f"/suggestions/{s.pk}/reply/", {"reply-reply": "x"}).status_code == 403
    assert member.post(f"/suggestions/{s.pk}/nonsense/").status_code == 404


# --------------------------------------------------------------------------- screening


def test_flagged_text_is_held_never_lost_never_public(world: factories.World) -> None:
    client = Client()
    response = client.post(
        "/suggestions/new/",
        {
            "organisation": world.prefecture.pk,
            "title": "小区门口有人发广告",
            "category": "other",
            "body": "有人在小区门口发代开发票的小广告。",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    s = Suggestion.objects.get(title="小区门口有人发广告")
    assert s.status == Status.HELD
    assert "term:fraud" in s.screening_codes
    staff = Client()
    staff.force_login(world["staff"])
    page = staff.get("/suggestions/queue/?status=held").content.decode()
    assert "小区门口有人发广告" in page
    detail = staff.get(f"/suggestions/{s.pk}/").content.decode()
    assert "代开发票" in detail  # the reason is shown to the reviewer
    # The unit never sees held text.
    officer = Client()
    officer.force_login(world["unit_officer"])
    assert officer.get(f"/suggestions/{s.pk}/").status_code == 404
    staff.post(f"/suggestions/{s.pk}/release/")
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
    assert "小区门口有人发广告" not in Client().get("/suggestions/").content.decode()


def test_traditional_text_is_screened_too(world: factories.World) -> None:
    s = services.suggestion_submit_member(
        acting_user=world["member"], title="舉報", body="有人代開發票。"
    )
    assert s.status == Status.HELD


# --------------------------------------------------------------------------- public form


def _public_post(client: Client, world: factories.World, **extra: str) -> object:
    data = {
        "organisation": str(world.prefecture.pk),
        "title": "路灯维修",
        "category": "urban",
        "body": "河南街道民安小区北侧巷道路灯坏了一个多月。",
        "name": "李女士",
        "phone": "13804431234",
        "consent": "on",
    }
    data.update(extra)
    return client.post("/suggestions/new/", data)


def test_public_submission_keeps_phone_encrypted_and_off_public_pages(
    world: factories.World,
) -> None:
    response = _public_post(Client(), world)
    assert response.status_code == 302
    assert response.headers["Location"] == "/suggestions/sent/"
    s = Suggestion.objects.get()
    assert s.source == "public"
    assert s.public_phone == "13804431234"
    assert s.consent_at
    with connection.cursor() as cursor:
        cursor.execute("SELECT public_phone FROM suggestions_suggestion")
        raw = cursor.fetchone()[0]
    assert raw
    assert "13804431234" not in raw
    assert Client().get("/suggestions/sent/").status_code == 200
    staff = Client()
    staff.force_login(world["staff"])
    detail = staff.get(f"/suggestions/{s.pk}/").content.decode()
    assert "138****1234" in detail
    assert "13804431234" not in detail
    revealed = staff.post(f"/suggestions/{s.pk}/reveal/")
    assert "13804431234" in revealed.content.decode()
    assert AuditEvent.objects.filter(action="suggestion.phone_reveal", object_id=str(s.pk))
    officer = Client()
    officer.force_login(world["unit_officer"])
    assert officer.post(f"/suggestions/{s.pk}/reveal/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "这个字段是必填项"),
        ("title", "   ", "这个字段是必填项"),
        ("body", "", "这个字段是必填项"),
        ("body", "长" * 501, "最多 500 个字"),
        ("consent", "", "请阅读并同意个人信息告知"),
        ("phone", "abc", "有效的电话号码"),
        ("category", "nope", "选择一个有效的选项"),
    ],
)
def test_bad_public_input_changes_nothing_and_keeps_what_was_typed(
    world: factories.World, field: str, value: str, message: str
) -> None:
    response = _public_post(Client(), world, **{field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "河南街道民安小区" in page or field == "body"
    assert "李女士" in page
    assert not Suggestion.objects.exists()


def test_the_length_limit_is_configurable_per_organisation(world: factories.World) -> None:
    SuggestionSettings.objects.create(organisation=world.prefecture, max_length=100)
    response = _public_post(Client(), world, body="长" * 101)
    assert "最多 100 个字" in response.content.decode()
    assert _public_post(Client(), world, body="长" * 100).status_code == 302


def test_honeypot_accepts_silently_and_keeps_nothing(world: factories.World) -> None:
    response = _public_post(Client(), world, website="http://spam.example")
    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_rate_limit_per_ip(world: factories.World) -> None:
    SuggestionSettings.objects.create(organisation=world.prefecture, public_hourly_limit=3)
    client = Client(REMOTE_ADDR="10.1.2.3")
    for n in range(3):
        assert _public_post(client, world, title=f"建议{n}").status_code == 302
    response = _public_post(client, world, title="第四条")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Suggestion.objects.count() == 3
    # Another address is not affected.
    assert _public_post(Client(REMOTE_ADDR="10.9.9.9"), world, title="别处").status_code == 302


def test_public_form_renders_for_anyone(world: factories.World) -> None:
    page = Client().get("/suggestions/new/").content.decode()
    assert "个人信息告知" in page
    assert 'name="website"' in page
    assert "<div hidden>" in page


# --------------------------------------------------------------------------- lists


def test_public_list_shows_only_published_items(world: factories.World) -> None:
    for status in (Status.HELD, Status.SUBMITTED, Status.ASSIGNED, Status.REPLIED):
        suggestion_in(world, status, title=f"未公开{status}")
    suggestion_in(world, Status.REJECTED, title="未公开rejected")
    published = suggestion_in(world, Status.CLOSED, title="已公开的建议")
    page = Client().get("/suggestions/").content.decode()
    assert "已公开的建议" in page
    assert "未公开" not in page
    # The county's list is separate.
    assert (
        "已公开的建议"
        not in Client().get(f"/suggestions/?org={world.county.code}").content.decode()
    )
    # Search accepts Traditional input.
    assert "已公开的建议" in Client().get("/suggestions/?q=老年群眾").content.decode()
    assert published.is_published


def test_public_list_query_count(world: factories.World, django_assert_max_num_queries) -> None:
    for n in range(25):
        suggestion_in(world, Status.CLOSED, title=f"建议{n}")
    with django_assert_max_num_queries(8):
        response = Client().get("/suggestions/")
    assert response.status_code == 200
    assert "建议24" in response.content.decode()


def test_queue_counts_and_query_count(
    world: factories.World, django_assert_max_num_queries
) -> None:
    for n in range(12):
        suggestion_in(world, Status.SUBMITTED, title=f"待分办{n}")
    for n in range(5):
        suggestion_in(world, Status.ASSIGNED, title=f"办理中{n}")
    staff = Client()
    staff.force_login(world["staff"])
    staff.get("/suggestions/queue/")
    with django_assert_max_num_queries(14):
        response = staff.get("/suggestions/queue/")
    page = response.content.decode()
    assert "待分办11" in page
    officer = Client()
    officer.force_login(world["unit_officer"])
    unit_page = officer.get("/suggestions/queue/").content.decode()
    assert "办理中4" in unit_page
    assert "待分办" not in unit_page.split("</nav>", 2)[-1]


def test_workspace_panels(world: factories.World) -> None:
    suggestion_in(world, Status.SUBMITTED)
    suggestion_in(world, Status.ASSIGNED, title="交办的")
    for username, text in (
        ("staff", "待分办的微建议"),
        ("unit_officer", "待答复的微建议"),
        ("member", "我的微建议"),
    ):
        client = Client()
        client.force_login(world[username])
        assert text in client.get("/workspace/").content.decode(), username
    staff = Client()
    staff.force_login(world["staff"])
    assert 'href="/suggestions/queue/"' in staff.get("/workspace/").content.decode()


def test_triage_refuses_bad_targets_and_closed_committees(world: factories.World) -> None:
    from ningju.core.errors import DomainError, PermissionDenied
    from ningju.orgs.models import HandlingUnit, Office

    s = member_suggestion(world)
    county_unit = HandlingUnit.objects.create(
        organisation=world.county, name="延吉市住房和城乡建设局", kind="government"
    )
    office = Office.objects.filter(organisation=world.prefecture).first()
    for kwargs in ({}, {"unit": unit(world), "office": office}, {"unit": county_unit}):
        with pytest.raises(DomainError):
            services.suggestion_assign(acting_user=world["staff"], suggestion=s, **kwargs)
    with pytest.raises(PermissionDenied):
        services.suggestion_assign(
            acting_user=world["county_staff"], suggestion=s, unit=unit(world)
        )
    with pytest.raises(DomainError):
        services.suggestion_reject(acting_user=world["staff"], suggestion=s, reason=" ")
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
    SuggestionSettings.objects.create(organisation=world.prefecture, accept_public=False)
    response = _public_post(Client(), world)
    assert "暂不接受网上微建议" in response.content.decode()
    assert Suggestion.objects.count() == 1


def test_mine_lists_only_own_with_pinned_queries(
    world: factories.World, django_assert_max_num_queries
) -> None:
    for n in range(15):
        suggestion_in(world, Status.ASSIGNED, title=f"我的建议{n}")
    services.suggestion_submit_member(acting_user=world["standing"], title="别人的", body="内容")
    member = Client()
    member.force_login(world["member"])
    member.get("/suggestions/mine/")
    with django_assert_max_num_queries(12):
        page = member.get("/suggestions/mine/").content.decode()
    assert "我的建议14" in page
    assert "别人的" not in page
