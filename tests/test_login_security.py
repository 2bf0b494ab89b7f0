"""等保 level-3 login rules: password policy, lockout, idle timeout, expiry, dormant accounts."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ningju.accounts.models import LoginAttempt, PasswordHistory, SecurityPolicy, User
from ningju.core import crypto
from ningju.core.models import AuditEvent
from ningju.members.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = "Yb7#river-valley"


def _login(client: Client, username: str, password: str, ip: str = "10.1.1.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _change(client: Client, old: str, new: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "至少需要 8 个字符"),
        ("riverriver", "至少 3 类"),
        ("RiverValley", "至少 3 类"),
        ("Staff#2024ok", "不能包含用户名"),
        ("Password1!", "太常见"),
    ],
)
def test_password_policy_is_explained(world: factories.World, password: str, message: str) -> None:
    client = Client()
    client.force_login(world["staff"])
    response = _change(client, factories.PASSWORD, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    world["staff"].refresh_from_db()
    assert world["staff"].check_password(factories.PASSWORD)


def test_the_last_five_passwords_cannot_be_reused(world: factories.World) -> None:
    client = Client()
    user = world["staff"]
    client.force_login(user)
    passwords = [factories.PASSWORD, *[f"Yb7#river-{i}x" for i in range(5)]]
    for old, new in itertools.pairwise(passwords):
        assert _change(client, old, new).status_code == 302
        client.force_login(User.objects.get(pk=user.pk))
    # The current and the four before it are refused; the sixth-oldest may come back.
    for reused in passwords[2:]:
        response = _change(client, passwords[-1], reused)
        assert "最近 5 次" in response.content.decode(), reused
    assert _change(client, passwords[-1], passwords[0]).status_code == 302
    assert PasswordHistory.objects.filter(user=user).count() <= 5


def test_first_login_forces_a_password_change(world: factories.World) -> None:
    user = world["staff"]
    user.must_change_password = True
    user.save()
    client = Client()
    _login(client, "staff", factories.PASSWORD)
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/password/"
    assert "请先设置新密码" in client.get("/accounts/password/").content.decode()
    assert client.get("/api/v1/me").status_code == 403
    response = _change(client, factories.PASSWORD, GOOD)
    assert response.headers["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    assert AuditEvent.objects.filter(
        action="account.password_changed", object_id=str(user.pk)
    ).exists()


def test_passwords_expire_after_the_policy_days(world: factories.World) -> None:
    client = Client()
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        _login(client, "staff", factories.PASSWORD)  # in use, so not dormant
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        _login(client, "staff", factories.PASSWORD)
        assert client.get("/workspace/").headers["Location"] == "/accounts/password/"
    SecurityPolicy.objects.create(organisation=world.prefecture, max_age_days=30)
    client = Client()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        _login(client, "staff", factories.PASSWORD)
        assert client.get("/workspace/").headers["Location"] == "/accounts/password/"


def test_account_locks_after_five_failures_for_fifteen_minutes(world: factories.World) -> None:
    client = Client()
    for _ in range(5):
        assert "用户名或密码不正确" in _login(client, "member", "wrong").content.decode()
    response = _login(client, "member", factories.PASSWORD, ip="10.9.9.9")
    page = response.content.decode()
    assert "已暂时锁定" in page
    assert "15 分钟" in page
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = _login(client, "member", factories.PASSWORD, ip="10.9.9.9")
        assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login_failed", success=False).count() >= 6


def test_an_address_locks_after_five_failures_on_any_accounts(world: factories.World) -> None:
    client = Client()
    for name in ("a", "b", "c", "d", "e"):
        _login(client, name, "wrong", ip="10.2.2.2")
    response = _login(client, "member", factories.PASSWORD, ip="10.2.2.2")
    assert "已暂时锁定" in response.content.decode()
    # The same account from another address still works: only the address is locked.
    assert _login(client, "member", factories.PASSWORD, ip="10.3.3.3").status_code == 302


def test_a_success_resets_the_count(world: factories.World) -> None:
    client = Client()
    for _ in range(4):
        _login(client, "member", "wrong")
    assert _login(client, "member", factories.PASSWORD).status_code == 302
    client = Client()
    for _ in range(4):
        _login(client, "member", "wrong")
    assert _login(client, "member", factories.PASSWORD).status_code == 302
    assert LoginAttempt.objects.filter(succeeded=True).count() == 2


def test_policy_threshold_is_configurable(world: factories.World) -> None:
    SecurityPolicy.objects.create(organisation=world.prefecture, lockout_threshold=3)
    client = Client()
    for _ in range(3):
        _login(client, "member", "wrong")
    assert "已暂时锁定" in _login(client, "member", factories.PASSWORD).content.decode()


def test_idle_session_ends_after_thirty_minutes(world: factories.World) -> None:
    client = Client()
    _login(client, "member", factories.PASSWORD)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=29)):
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=58)):
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=90)):
        response = client.get("/workspace/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/")
        page = client.get(response.headers["Location"]).content.decode()
        assert "长时间未操作" in page
    assert client.get("/workspace/").status_code == 302


def test_idle_api_session_gets_json(world: factories.World) -> None:
    client = Client()
    _login(client, "member", factories.PASSWORD)
    client.get("/api/v1/me")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_pages_carry_the_idle_warning(world: factories.World) -> None:
    client = Client()
    _login(client, "member", factories.PASSWORD)
    page = client.get("/workspace/").content.decode()
    assert 'data-idle-timeout="1800"' in page
    assert 'id="idle-warning"' in page
    assert client.post("/accounts/keepalive/").status_code == 204


def test_dormant_accounts_are_disabled_at_login(world: factories.World) -> None:
    user = world["member"]
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=91))
    response = _login(Client(), "member", factories.PASSWORD)
    assert "长期未登录" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEvent.objects.filter(
        action="account.dormant_disabled", object_id=str(user.pk)
    ).exists()


def test_dormant_command(world: factories.World) -> None:
    User.objects.filter(username="editor").update(last_login=timezone.now() - timedelta(days=100))
    call_command("disable_dormant_accounts")
    assert not User.objects.get(username="editor").is_active
    assert User.objects.get(username="member").is_active


def test_each_user_sees_only_their_own_login_history(world: factories.World) -> None:
    _login(Client(), "staff", "wrong", ip="10.4.4.4")
    client = Client()
    _login(client, "member", factories.PASSWORD, ip="10.5.5.5")
    page = client.get("/accounts/security/").content.decode()
    assert "10.5.5.5" in page
    assert "10.4.4.4" not in page


def test_security_admin_sets_the_policy(world: factories.World) -> None:
    client = Client()
    client.force_login(world["secadmin"])
    data = {
        "min_length": 12,
        "required_classes": 4,
        "history_count": 5,
        "max_age_days": 60,
        "lockout_threshold": 5,
        "lockout_minutes": 30,
        "idle_timeout_minutes": 20,
        "dormant_days": 90,
    }
    assert client.post("/accounts/policy/", data).status_code == 302
    policy = SecurityPolicy.objects.get(organisation=world.prefecture)
    assert policy.min_length == 12
    assert policy.idle_timeout_minutes == 20
    assert AuditEvent.objects.filter(action="security.policy_update").exists()
    response = client.post(
        "/accounts/policy/", {**data, "min_length": 6, "idle_timeout_minutes": 45}
    )
    assert "至少 8 位" in response.content.decode()
    assert "1 到 30 分钟" in response.content.decode()
    policy.refresh_from_db()
    assert policy.min_length == 12


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "staff", "chair", "member"])
def test_only_the_security_admin_sets_the_policy(world: factories.World, username: str) -> None:
    client = Client()
    client.force_login(world[username])
    assert client.get("/accounts/policy/").status_code == 403


def test_field_key_rotation_reencrypts_and_keeps_lookups(world: factories.World, settings) -> None:  # type: ignore[no-untyped-def]
    member = Member.objects.get(name="金哲洙")
    old_key_id = crypto.current_key_id()
    settings.NINGJU_FIELD_KEYS = ["ffeeddccbbaa99887766554433221100", *settings.NINGJU_FIELD_KEYS]
    assert crypto.current_key_id() != old_key_id
    call_command("rotate_field_key")
    member = Member.objects.get(pk=member.pk)
    assert member.phone == "13812345678"
    assert member.phone_index == crypto.blind_index("13812345678", purpose="phone")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM members_member WHERE id = %s", [member.pk])
        assert cursor.fetchone()[0].startswith(f"sm4g1:{crypto.current_key_id()}:")
    assert AuditEvent.objects.filter(action="security.field_key_rotated").exists()


def test_a_refused_policy_form_changes_nobody_elses_rules(world: factories.World) -> None:
    client = Client()
    client.force_login(world["secadmin"])
    client.post(
        "/accounts/policy/", {"min_length": 6, "required_classes": 4, "idle_timeout_minutes": 45}
    )
    from ningju.accounts.security import policy_for

    assert policy_for(None).min_length == 8
    assert policy_for(world.county.pk).required_classes == 3
