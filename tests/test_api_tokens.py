"""The mobile app signs in with a bearer token: same rules as the web sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ningju.accounts import api_tokens
from ningju.accounts.models import ApiToken
from ningju.core.models import AuditEvent
from tests import factories
from tests.factories import PASSWORD
from tests.test_two_factor import code_now, enrol, wrong_code

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token"


def _issue(client: Client, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    body = {"username": username, "password": password, **extra}
    return client.post(TOKEN_URL, body, content_type="application/json")


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_member_signs_in_uses_the_api_and_signs_out(world: factories.World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _issue(client, "member", device_name="华为 Mate 60")
    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json()["token_type"] == "Bearer"
    assert not client.cookies.get("sessionid")  # no session: nothing for CSRF to protect

    me = Client(enforce_csrf_checks=True).get("/api/v1/me", **_bearer(token))
    assert me.status_code == 200
    assert me.json()["username"] == "member"
    assert ApiToken.objects.get().digest != token  # only the digest is stored

    out = Client(enforce_csrf_checks=True).delete(TOKEN_URL, **_bearer(token))
    assert out.status_code == 204
    again = Client().get("/api/v1/me", **_bearer(token))
    assert again.status_code == 401
    assert again.json()["code"] == "unauthenticated"
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "account.api_token_issued" in actions
    assert "account.api_token_revoked" in actions


def test_a_wrong_password_is_refused_audited_and_counts_towards_the_lockout(
    world: factories.World,
) -> None:
    client = Client()
    for _ in range(5):
        refused = _issue(client, "member", "not-the-password")
        assert refused.status_code == 401
        assert refused.json()["code"] == "invalid_credentials"
    locked = _issue(client, "member")  # the right password, but the account is locked now
    assert locked.status_code == 401
    assert locked.json()["code"] == "locked"
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= 5
    assert not ApiToken.objects.exists()


def test_an_account_with_two_factor_needs_the_code(world: factories.World) -> None:
    device, _codes = enrol(world["member"])
    client = Client()
    missing = _issue(client, "member")
    assert missing.status_code == 401
    assert missing.json()["code"] == "code_required"
    wrong = _issue(client, "member", code=wrong_code(device))
    assert wrong.json()["code"] == "wrong_code"
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    ok = _issue(client, "member", code=code_now(device))
    assert ok.status_code == 201


def test_roles_that_require_two_factor_must_set_it_up_on_the_web_first(
    world: factories.World, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_TWO_FACTOR_ENFORCED = True
    refused = _issue(Client(), "staff")
    assert refused.status_code == 401
    assert refused.json()["code"] == "two_factor_setup_required"


def test_expired_idle_and_deactivated_tokens_stop_working(world: factories.World) -> None:
    token = _issue(Client(), "member").json()["token"]
    record = ApiToken.objects.get()
    record.last_used_at = timezone.now() - api_tokens.IDLE_LIMIT - timedelta(minutes=1)
    record.save()
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401
    record.last_used_at = timezone.now()
    record.expires_at = timezone.now() - timedelta(seconds=1)
    record.save()
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401
    record.expires_at = timezone.now() + timedelta(days=1)
    record.save()
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 200
    world["member"].is_active = False
    world["member"].save()
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401
    assert Client().get("/api/v1/me", **_bearer("made-up")).status_code == 401


def test_the_session_api_still_needs_csrf_for_writes(world: factories.World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["member"])
    response = client.post("/api/v1/notifications/read-all", content_type="application/json")
    assert response.status_code in (401, 403)


def test_a_person_sees_and_signs_out_their_phones_on_the_security_page(
    world: factories.World, login
) -> None:  # type: ignore[no-untyped-def]
    token = _issue(Client(), "member", device_name="我的手机").json()["token"]
    _issue(Client(), "member2" if "member2" in world.users else "standing")
    client = login(world["member"])
    page = client.get("/accounts/security/").content.decode()
    assert "我的手机" in page
    record = ApiToken.objects.get(user=world["member"])
    other = ApiToken.objects.exclude(user=world["member"]).first()
    if other is not None:
        assert client.post(f"/accounts/tokens/{other.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{record.pk}/revoke/").status_code == 302
    assert Client().get("/api/v1/me", **_bearer(token)).status_code == 401
    assert "我的手机" not in client.get("/accounts/security/").content.decode()
