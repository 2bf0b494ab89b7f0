"""Notifications: in-app rows, email/SMS/WeChat after commit, languages, retries, the inbox."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ningju.accounts.models import User
from ningju.notify import channels, selectors, services
from ningju.notify.links import is_local_path
from ningju.notify.models import Delivery, Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox() -> Iterator[None]:
    channels.outbox.clear()
    yield
    channels.outbox.clear()


def _send(recipients: list[User], world: factories.World, **kwargs) -> list[Notification]:  # type: ignore[no-untyped-def]
    options = {
        "event": "test.event",
        "title": "提案已立案",
        "body": "您的提案已立案，请查看。",
        "url": "/workspace/",
        "organisation": world.prefecture,
    } | kwargs
    return services.notify(recipients=recipients, **options)


def _with_contacts(user: User, *, email: str = "", phone: str = "") -> User:
    user.email = email
    user.phone = phone
    user.save()
    return user


class FailingSmsBackend:
    """A gateway that is down for the next `failures` sends."""

    failures = 0

    def send(self, *, to: str, title: str, body: str, url: str) -> None:
        if FailingSmsBackend.failures > 0:
            FailingSmsBackend.failures -= 1
            raise ConnectionError("短信网关无响应")
        channels.LocmemSmsBackend().send(to=to, title=title, body=body, url=url)


# --- in-app rows and recipients ---


def test_notify_creates_one_in_app_row_per_recipient(world: factories.World) -> None:
    created = _send([world["member"], world["standing"]], world, channels={"inapp"})
    assert {n.recipient for n in created} == {world["member"], world["standing"]}
    row = Notification.objects.get(recipient=world["member"])
    assert (row.event, row.title, row.url, row.read_at) == (
        "test.event",
        "提案已立案",
        "/workspace/",
        None,
    )
    assert row.organisation == world.prefecture
    assert not Delivery.objects.exists()


def test_recipients_are_deduplicated_and_inactive_excluded_and_outsiders_skipped(
    world: factories.World,
) -> None:
    inactive = world["chair"]
    inactive.is_active = False
    inactive.save()
    created = _send(
        [
            world["member"],
            world["member"],
            world["staff"],
            inactive,
            world["county_member"],
            world["standing"],
        ],
        world,
        exclude=world["staff"],
    )
    assert sorted(n.recipient.username for n in created) == ["member", "standing"]
    assert Notification.objects.count() == 2


def test_notify_refuses_absolute_urls_and_unknown_channels(world: factories.World) -> None:
    for url in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        with pytest.raises(ValueError, match="local path"):
            _send([world["member"]], world, url=url)
    with pytest.raises(ValueError, match="unknown"):
        _send([world["member"]], world, channels={"inapp", "fax"})
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("/proposals/12/", True),
        ("/notifications/?page=2", True),
        ("", False),
        ("proposals/12/", False),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("/\tevil", False),
        ("/ok\nLocation: x", False),
    ],
)
def test_is_local_path(url: str, local: bool) -> None:
    assert is_local_path(url) is local


def test_texts_are_rendered_in_each_recipients_language(world: factories.World) -> None:
    korean = world["member"]
    korean.preferred_language = "ko"
    korean.save()
    _send(
        [korean, world["standing"]],
        world,
        title=gettext_lazy("工作台"),
        body=lambda: gettext("委员名录"),
        channels={"inapp"},
    )
    assert Notification.objects.get(recipient=korean).title == "사업대"
    assert Notification.objects.get(recipient=korean).body == "위원명단"
    assert Notification.objects.get(recipient=world["standing"]).title == "工作台"
    assert Notification.objects.get(recipient=world["standing"]).body == "委员名录"


def test_long_texts_are_cut_to_fit(world: factories.World) -> None:
    _send([world["member"]], world, title="题" * 300, body="文\n" * 400, channels={"inapp"})
    row = Notification.objects.get()
    assert len(row.title) == 200
    assert len(row.body) == 500
    assert "\n" not in row.body


# --- email, after commit only ---


def test_email_is_sent_after_commit_only(
    world: factories.World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(world["member"], email="member@zx.example.cn")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _send([world["member"], world["standing"]], world)
        assert mail.outbox == []  # nothing leaves before the transaction commits
        assert Delivery.objects.get(channel="email", status="pending")
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@zx.example.cn"]
    assert message.subject == "提案已立案"
    assert "您的提案已立案" in message.body
    assert "/workspace/" in message.body
    sent = Delivery.objects.get(notification__recipient=world["member"])
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, "")
    assert sent.sent_at is not None
    skipped = Delivery.objects.get(notification__recipient=world["standing"])
    assert (skipped.status, skipped.last_error) == ("skipped", "未登记电子邮箱")


def test_rollback_sends_nothing(world: factories.World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(world["member"], email="member@zx.example.cn", phone="13912345678")

    def transition_that_fails() -> None:
        with transaction.atomic():
            _send([world["member"]], world, channels={"inapp", "email", "sms"}, important=True)
            raise RuntimeError("the transition failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        transition_that_fails()
    assert callbacks == []
    assert mail.outbox == []
    assert channels.outbox == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


# --- SMS and WeChat through the adapter ---


def test_sms_only_for_important_notifications_and_only_with_a_phone(
    world: factories.World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(world["member"], phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        _send([world["member"]], world, channels={"inapp", "sms"})
    assert channels.outbox == []
    assert not Delivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        _send([world["member"], world["staff"]], world, channels={"inapp", "sms"}, important=True)
    assert [(m.channel, m.to, m.title) for m in channels.outbox] == [
        ("sms", "13912345678", "提案已立案")
    ]
    assert Delivery.objects.get(notification__recipient=world["member"]).status == "sent"
    no_phone = Delivery.objects.get(notification__recipient=world["staff"])
    assert (no_phone.status, no_phone.last_error) == ("skipped", "未登记手机号")


def test_wechat_is_skipped_until_accounts_can_be_bound(
    world: factories.World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _send([world["member"]], world, channels={"inapp", "wechat"}, important=True)
    assert callbacks == []
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.status, delivery.last_error) == (
        "wechat",
        "skipped",
        "未绑定微信",
    )
    assert channels.outbox == []


def test_console_backends_write_one_masked_line(caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="ningju.notify"):
        channels.ConsoleSmsBackend().send(to="13912345678", title="标题", body="内容", url="/x/")
        channels.ConsoleWechatBackend().send(to="oAbCdEf123", title="标题", body="内容", url="/x/")
    assert len(caplog.records) == 2
    assert "139****5678" in caplog.text
    assert "13912345678" not in caplog.text
    assert "oAbCdEf123" not in caplog.text


def test_the_configured_backend_is_used(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_SMS_BACKEND = "ningju.notify.channels.ConsoleSmsBackend"
    assert isinstance(channels.channel_for("sms"), channels.ConsoleSmsBackend)
    assert isinstance(channels.channel_for("wechat"), channels.LocmemWechatBackend)
    with pytest.raises(ValueError, match="unknown"):
        channels.channel_for("fax")


# --- failures and retries ---


def test_failures_are_recorded_and_retried_by_the_command(
    world: factories.World, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_SMS_BACKEND = "tests.test_notify.FailingSmsBackend"
    FailingSmsBackend.failures = 1
    _with_contacts(world["member"], phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        _send([world["member"]], world, channels={"inapp", "sms"}, important=True)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "ConnectionError: 短信网关无响应"
    assert channels.outbox == []

    call_command("notify", "retry", stdout=(out := _Output()))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert len(channels.outbox) == 1
    assert "retried 1 deliveries: sent 1" in out.text


def test_retries_stop_after_three_attempts(
    world: factories.World, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_SMS_BACKEND = "tests.test_notify.FailingSmsBackend"
    FailingSmsBackend.failures = 10
    _with_contacts(world["member"], phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        _send([world["member"]], world, channels={"inapp", "sms"}, important=True)
    for _ in range(4):
        services.deliveries_retry()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert services.deliveries_retry() == {}
    assert services.delivery_send(delivery_id=delivery.pk) == "failed"
    FailingSmsBackend.failures = 0


def test_a_pending_delivery_whose_task_was_lost_is_sent_by_the_retry(
    world: factories.World,
) -> None:
    _with_contacts(world["member"], email="member@zx.example.cn")
    _send([world["member"]], world)  # the on-commit callback never runs in this test
    delivery = Delivery.objects.get()
    assert services.deliveries_retry() == {}  # too recent: its task may still be coming
    Delivery.objects.filter(pk=delivery.pk).update(
        updated_at=timezone.now() - services.STALE_PENDING_AFTER - timedelta(seconds=1)
    )
    assert services.deliveries_retry() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_sending_twice_does_not_send_twice(world: factories.World) -> None:
    _with_contacts(world["member"], email="member@zx.example.cn")
    _send([world["member"]], world)
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) == "sent"
    assert services.delivery_send(delivery_id=delivery.pk) == "sent"
    assert services.delivery_send(delivery_id=999999) == "missing"
    assert len(mail.outbox) == 1


def test_an_account_disabled_before_sending_is_skipped(world: factories.World) -> None:
    member = _with_contacts(world["member"], email="member@zx.example.cn")
    _send([member], world)
    member.is_active = False
    member.save()
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) == "skipped"
    assert mail.outbox == []


class _Output:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


# --- the inbox, open, badge ---


def test_inbox_shows_only_own_notifications(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    _send([world["member"]], world, title="给金哲洙的通知", channels={"inapp"})
    _send([world["standing"]], world, title="给朴英顺的通知", channels={"inapp"})
    page = login(world["member"]).get("/notifications/").content.decode()
    assert "给金哲洙的通知" in page
    assert "给朴英顺的通知" not in page
    assert "全部标为已读" in page
    assert 'class="notification unread"' in page


def test_open_marks_read_and_redirects(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    (notification,) = _send([world["member"]], world, url="/members/", channels={"inapp"})
    client = login(world["member"])
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/members/"
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_open_never_redirects_off_site(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    (notification,) = _send([world["member"]], world, channels={"inapp"})
    # Written past the service (an old row, a bad import): the view still guards it.
    Notification.objects.filter(pk=notification.pk).update(url="//evil.example/")
    response = login(world["member"]).get(f"/notifications/{notification.pk}/open/")
    assert response.headers["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    (notification,) = _send([world["standing"]], world, channels={"inapp"})
    client = login(world["member"])
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.get("/notifications/999999/open/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_badge_counts_unread_and_mark_all_read_clears_it(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    _send([world["member"]], world, channels={"inapp"})
    _send([world["member"]], world, channels={"inapp"})
    _send([world["standing"]], world, channels={"inapp"})
    client = login(world["member"])
    badge = client.get("/notifications/badge/").content.decode()
    assert '<span class="badge notify-badge">2<span class="visually-hidden"> 条未读</span>' in badge
    workspace = client.get("/workspace/").content.decode()
    assert 'href="/notifications/">通知 <span class="badge">2<span' in workspace

    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert selectors.unread_count(user=world["member"]) == 0
    assert selectors.unread_count(user=world["standing"]) == 1
    assert client.get("/notifications/badge/").content.decode().strip() == ""
    assert "全部标为已读" not in client.get("/notifications/").content.decode()


def test_anonymous_users_have_no_notifications() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert selectors.unread_count(user=AnonymousUser()) == 0


def test_inbox_query_count_is_bounded(
    world: factories.World, login, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["member"])
    for i in range(30):
        _send([world["member"]], world, title=f"通知{i}", channels={"inapp"})
    client.get("/notifications/")  # the first request of a session stamps its activity time
    with django_assert_max_num_queries(INBOX_QUERIES):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert "通知29" in response.content.decode()


# Session, user, OTP device, principal (grants, membership, committee seats), then the
# page: count, rows, and one unread count shared by the nav badge and the button.
INBOX_QUERIES = 9


def test_the_nav_badge_costs_one_query_and_nothing_when_not_rendered(
    world: factories.World, login
) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["member"])
    _send([world["member"]], world, channels={"inapp"})
    client.get("/workspace/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/workspace/")
    assert sum("notify_notification" in q["sql"] for q in queries.captured_queries) == 1
    # A fragment that uses the shell's context but not the navigation never counts.
    with CaptureQueriesContext(connection) as queries:
        client.get("/members/", {"q": "金"}, HTTP_HX_REQUEST="true")
    assert not any("notify_notification" in q["sql"] for q in queries.captured_queries)


# --- API ---


def test_api_lists_own_notifications_and_marks_them_read(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    (own,) = _send([world["member"]], world, channels={"inapp"})
    _send([world["member"]], world, title="第二条", channels={"inapp"})
    (other,) = _send([world["standing"]], world, channels={"inapp"})
    client = login(world["member"])
    data = client.get("/api/v1/notifications").json()
    assert (data["count"], data["unread"], data["page"], data["pages"]) == (2, 2, 1, 1)
    assert [n["title"] for n in data["results"]] == ["第二条", "提案已立案"]
    assert data["results"][0]["read_at"] is None

    response = client.post(f"/api/v1/notifications/{own.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    data = client.get("/api/v1/notifications", {"unread_only": "true"}).json()
    assert (data["count"], data["unread"]) == (1, 1)

    missing = client.post("/api/v1/notifications/999999/read")
    forbidden = client.post(f"/api/v1/notifications/{other.pk}/read")
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()
    assert forbidden.json()["code"] == "not_found"

    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert selectors.unread_count(user=world["member"]) == 0
    assert selectors.unread_count(user=world["standing"]) == 1


def test_api_requires_sign_in() -> None:
    response = Client().get("/api/v1/notifications")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
