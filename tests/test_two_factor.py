"""Two-factor authentication: who must use it, enrolment, codes, lockout, reset, audit."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ningju.accounts import two_factor
from ningju.accounts.models import SecurityPolicy, User
from ningju.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

REQUIRED = [
    "staff",
    "unit_officer",
    "unit_signer",
    "chair",
    "director",
    "editor",
    "sysadmin",
    "secadmin",
    "auditor",
]
SETUP = "/accounts/2fa/setup/"
VERIFY = "/accounts/2fa/verify/"
RECOVERY_CODES = "/accounts/2fa/recovery-codes/"


# --- helpers -------------------------------------------------------------------------------


def code_now(device: TOTPDevice) -> str:
    """A code the device accepts now. Only time steps after the last accepted one count
    (replay protection), so this may be the next step's code (within the tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    t = max(totp.t(), device.last_t + 1)
    assert t <= totp.t() + device.tolerance
    return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    valid = {
        hotp(device.bin_key, totp.t() + offset, digits=device.digits) for offset in range(-3, 4)
    }
    return next(f"{n:06d}" for n in range(123456, 999999, 7919) if n not in valid)


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.totp_begin(user)
    return two_factor.totp_confirm(user=user, code=code_now(device))


def verified_client(user: User, device: TOTPDevice) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def audited(action: str, user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="accounts.user", object_id=str(user.pk)
        ).order_by("sequence")
    )


@pytest.fixture
def enforced(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_TWO_FACTOR_ENFORCED = True


# --- who is held where ---------------------------------------------------------------------


@pytest.mark.usefixtures("enforced")
@pytest.mark.parametrize("username", REQUIRED)
def test_required_roles_are_sent_to_setup_when_enforced(
    world: factories.World, username: str
) -> None:
    client = Client()
    client.force_login(world[username])
    for url in ("/workspace/", "/members/", "/accounts/security/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert two_factor.two_factor_required(world[username])


@pytest.mark.usefixtures("enforced")
@pytest.mark.parametrize("username", ["member", "standing", "county_member", "public"])
def test_members_and_the_public_are_not_held(world: factories.World, username: str) -> None:
    client = Client()
    client.force_login(world[username])
    assert client.get("/workspace/").status_code == 200
    assert not two_factor.two_factor_required(world[username])


@pytest.mark.usefixtures("enforced")
def test_the_policy_makes_it_mandatory_for_members(world: factories.World) -> None:
    SecurityPolicy.objects.create(organisation=world.prefecture, members_require_two_factor=True)
    client = Client()
    client.force_login(world["member"])
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == SETUP
    # Another organisation's members follow their own policy.
    client.force_login(world["county_member"])
    assert client.get("/workspace/").status_code == 200
    # The public never, whatever the policy says.
    client.force_login(world["public"])
    assert client.get("/workspace/").status_code == 200


@pytest.mark.parametrize("username", REQUIRED)
def test_nothing_is_held_when_enforcement_is_off(world: factories.World, username: str) -> None:
    client = Client()
    client.force_login(world[username])
    assert client.get("/workspace/").status_code == 200
    assert two_factor.required_by_role(world[username])
    assert not two_factor.two_factor_required(world[username])


@pytest.mark.usefixtures("enforced")
def test_the_api_answers_403_json_instead_of_redirecting(world: factories.World) -> None:
    client = Client()
    client.force_login(world["staff"])
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "two_factor_required"
    assert body["message"]
    assert body["detail"] == {}
    # Someone with a device who has not entered a code yet gets the same answer.
    enrol(world["member"])
    client = password_login("member")
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


@pytest.mark.usefixtures("enforced")
def test_htmx_requests_get_a_client_redirect(world: factories.World) -> None:
    client = Client()
    client.force_login(world["staff"])
    response = client.get("/members/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == SETUP


@pytest.mark.usefixtures("enforced")
def test_exempt_pages_stay_reachable(world: factories.World) -> None:
    client = Client()
    client.force_login(world["staff"])
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/password/").status_code == 200
    response = client.post("/preferences/large-text/", {"large_text": "1", "next": "/"})
    assert response["Location"] != SETUP
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/workspace/")["Location"].startswith("/accounts/login/")


def test_with_a_device_even_the_password_page_needs_the_code(world: factories.World) -> None:
    enrol(world["member"])
    client = password_login("member")
    response = client.get("/accounts/password/")
    assert response["Location"] == VERIFY + "?next=/accounts/password/"


# --- enrolment -----------------------------------------------------------------------------


@pytest.mark.usefixtures("enforced")
def test_enrolment_happy_path(world: factories.World) -> None:
    staff = world["staff"]
    client = Client()
    client.force_login(staff)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    # The QR code is an inline SVG data URI; the secret is also shown in groups of four.
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    assert match
    assert base64.b64decode(match.group(1)).startswith(b"<svg")
    secret = base64.b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in page
    assert "issuer=Ningju" in device.config_url
    assert device.config_url.startswith("otpauth://totp/Ningju%3Astaff?")
    assert "微信" in page
    # Reloading keeps the same secret.
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=staff).values_list("key", flat=True)) == [device.key]

    response = client.post(SETUP, {"code": code_now(device)})
    assert response.status_code == 302
    assert response["Location"] == RECOVERY_CODES
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(RECOVERY_CODES).content.decode()
    codes = re.findall(r"<code>([A-Z2-7]{4} [A-Z2-7]{4})</code>", page)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert "data-print" in page
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    # Shown once only.
    again = client.get(RECOVERY_CODES).content.decode()
    assert not re.findall(r"<code>([A-Z2-7]{4} [A-Z2-7]{4})</code>", again)
    # The session is verified: the workspace opens.
    assert client.get("/workspace/").status_code == 200
    enabled = audited(two_factor.ENABLED, staff)
    assert len(enabled) == 1
    assert enabled[0].actor_id == staff.pk
    assert enabled[0].success


def test_a_wrong_code_shows_an_error_and_keeps_the_secret(world: factories.World) -> None:
    staff = world["staff"]
    client = Client()
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"code": wrong_code(device)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_code_error"' in page
    assert "验证码不正确" in page
    assert 'aria-invalid="true"' in page
    assert list(TOTPDevice.objects.filter(user=staff).values_list("key", flat=True)) == [device.key]
    device.refresh_from_db()
    assert not device.confirmed
    assert not audited(two_factor.ENABLED, staff)
    # Not a number at all: a plain explanation, and still the same secret.
    response = client.post(SETUP, {"code": "12345"})
    assert "6位数字" in response.content.decode()
    # After a short pause (django-otp slows down repeated attempts) the right code works.
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = client.post(SETUP, {"code": code_now(device)})
    assert response["Location"] == RECOVERY_CODES
    assert TOTPDevice.objects.get(user=staff).key == device.key


def test_a_new_phone_replaces_the_old_authenticator(world: factories.World) -> None:
    member = world["member"]
    old, old_codes = enrol(member)
    client = verified_client(member, old)
    assert "更换手机" in client.get(SETUP).content.decode()
    new = TOTPDevice.objects.get(user=member, confirmed=False)
    assert new.key != old.key
    response = client.post(SETUP, {"code": code_now(new)})
    assert response["Location"] == RECOVERY_CODES
    assert list(TOTPDevice.objects.filter(user=member)) == [new]
    assert not StaticToken.objects.filter(token=old_codes[0].replace(" ", "").lower()).exists()
    assert client.get("/workspace/").status_code == 200
    assert audited(two_factor.ENABLED, member)[-1].after["new_phone"] is True


# --- the code after the password -----------------------------------------------------------


@pytest.mark.parametrize("username", ["member", "staff"])
def test_a_password_login_asks_for_the_code_even_when_not_enforced(
    world: factories.World, username: str
) -> None:
    user = world[username]
    device, _codes = enrol(user)
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == VERIFY + "?next=/workspace/"
    assert "两步验证" in response.content.decode()
    assert client.get("/members/")["Location"] == VERIFY + "?next=/members/"
    response = client.post(VERIFY, {"code": code_now(device), "next": "/workspace/"})
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    verified = audited(two_factor.VERIFIED, user)
    assert len(verified) == 1
    assert verified[0].after["method"] == "totp"


def test_verify_never_redirects_off_site(world: factories.World) -> None:
    device, _codes = enrol(world["member"])
    client = password_login("member")
    response = client.post(VERIFY, {"code": code_now(device), "next": "https://evil.example/"})
    assert response["Location"] == "/workspace/"


def test_a_recovery_code_works_once(world: factories.World) -> None:
    member = world["member"]
    _device, codes = enrol(member)
    client = password_login("member")
    # Typed in lower case with a hyphen instead of the space: still accepted.
    response = client.post(VERIFY, {"code": codes[0].lower().replace(" ", "-")})
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 200
    assert StaticToken.objects.filter(device__user=member).count() == 9
    verified = audited(two_factor.VERIFIED, member)[-1]
    assert verified.after == {"method": "recovery_code", "recovery_codes_left": 9}

    second = password_login("member")
    response = second.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert second.get("/workspace/").status_code == 302
    failed = audited(two_factor.FAILED, member)
    assert len(failed) == 1
    assert failed[0].success is False
    # Another, unused code still works.
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        assert second.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_full_width_digits_are_accepted(world: factories.World) -> None:
    device, _codes = enrol(world["member"])
    client = password_login("member")
    code = code_now(device).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(VERIFY, {"code": code}).status_code == 302


def test_verification_locks_after_five_failures(world: factories.World) -> None:
    member = world["member"]
    device, _codes = enrol(member)
    client = password_login("member")
    for _ in range(5):
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert response.status_code == 200
    failed = audited(two_factor.FAILED, member)
    assert len(failed) == 5
    assert all(not event.success for event in failed)
    # Now even the right code is refused, with a clear message, for 15 minutes.
    response = client.post(VERIFY, {"code": code_now(device)})
    page = response.content.decode()
    assert "分钟后再试" in page
    assert client.get("/workspace/").status_code == 302
    assert "分钟后再试" in client.get(VERIFY).content.decode()
    assert audited(two_factor.LOCKED, member)
    # Counted from the database, so another session (another server) is locked too.
    other = password_login("member")
    assert "分钟后再试" in other.post(VERIFY, {"code": code_now(device)}).content.decode()
    assert len(audited(two_factor.FAILED, member)) == 5
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(VERIFY, {"code": code_now(device)})
        assert response.status_code == 302
        assert client.get("/workspace/").status_code == 200


def test_failures_before_a_success_do_not_count(world: factories.World) -> None:
    member = world["member"]
    device, _codes = enrol(member)
    client = password_login("member")
    for _ in range(4):
        client.post(VERIFY, {"code": wrong_code(device)})
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        assert client.post(VERIFY, {"code": code_now(device)}).status_code == 302
    assert two_factor.lockout_until(member) is None
    other = password_login("member")
    other.post(VERIFY, {"code": wrong_code(device)})
    assert two_factor.lockout_until(member) is None


# --- status, recovery codes, disabling ----------------------------------------------------


def test_setup_status_and_changes_need_the_code_first(world: factories.World) -> None:
    member = world["member"]
    device, _codes = enrol(member)
    client = password_login("member")
    assert client.get(SETUP)["Location"] == VERIFY + "?next=/accounts/2fa/setup/"
    assert client.get("/accounts/2fa/")["Location"] == VERIFY + "?next=/accounts/2fa/"
    response = client.post("/accounts/2fa/disable/", {"disable-code": code_now(device)})
    assert response["Location"].startswith(VERIFY)
    assert client.post("/accounts/2fa/recovery-codes/new/", {})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=member, confirmed=True).count() == 1
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_status_page(world: factories.World) -> None:
    member = world["member"]
    client = Client()
    client.force_login(member)
    page = client.get("/accounts/2fa/").content.decode()
    assert "未启用" in page
    assert SETUP in page
    device, _codes = enrol(member)
    page = verified_client(member, device).get("/accounts/2fa/").content.decode()
    assert "已启用" in page
    assert "重新生成恢复码" in page
    assert 'id="id_disable-code"' in page
    assert 'id="id_regenerate-code"' in page


def test_regenerating_recovery_codes(world: factories.World) -> None:
    member = world["member"]
    device, old_codes = enrol(member)
    client = verified_client(member, device)
    response = client.post("/accounts/2fa/recovery-codes/new/", {"regenerate-code": "000"})
    assert response.status_code == 200
    assert 'id="id_regenerate-code_error"' in response.content.decode()
    response = client.post(
        "/accounts/2fa/recovery-codes/new/", {"regenerate-code": code_now(device)}
    )
    assert response["Location"] == RECOVERY_CODES
    page = client.get(RECOVERY_CODES).content.decode()
    new_codes = re.findall(r"<code>([A-Z2-7]{4} [A-Z2-7]{4})</code>", page)
    assert len(new_codes) == 10
    tokens = set(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    assert tokens == {c.replace(" ", "").lower() for c in new_codes}
    assert not tokens & {c.replace(" ", "").lower() for c in old_codes}
    assert StaticDevice.objects.filter(user=member).count() == 1
    assert len(audited(two_factor.CODES_REGENERATED, member)) == 1


@pytest.mark.usefixtures("enforced")
def test_disabling_is_refused_when_required(world: factories.World) -> None:
    staff = world["staff"]
    device, _codes = enrol(staff)
    client = verified_client(staff, device)
    page = client.get("/accounts/2fa/").content.decode()
    assert "不能关闭" in page
    assert 'id="id_disable-code"' not in page
    response = client.post("/accounts/2fa/disable/", {"disable-code": code_now(device)})
    assert response.status_code == 200
    assert "不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert not audited(two_factor.DISABLED, staff)


def test_a_member_may_disable_it_with_a_current_code(world: factories.World) -> None:
    member = world["member"]
    device, _codes = enrol(member)
    client = verified_client(member, device)
    response = client.post("/accounts/2fa/disable/", {"disable-code": wrong_code(device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=member).exists()
    assert len(audited(two_factor.FAILED, member)) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = client.post("/accounts/2fa/disable/", {"disable-code": code_now(device)})
    assert response["Location"] == "/accounts/2fa/"
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    disabled = audited(two_factor.DISABLED, member)
    assert len(disabled) == 1
    assert disabled[0].actor_id == member.pk
    # Next login: the password alone again.
    assert password_login("member").get("/workspace/").status_code == 200


# --- the security admin's reset ------------------------------------------------------------


def test_security_admin_resets_within_the_organisation(world: factories.World) -> None:
    staff, county_staff, secadmin = world["staff"], world["county_staff"], world["secadmin"]
    enrol(staff)
    enrol(county_staff)
    client = Client()
    client.force_login(secadmin)
    page = client.get(f"/accounts/users/{staff.pk}/roles/").content.decode()
    assert f"/accounts/users/{staff.pk}/2fa/reset/" in page
    response = client.post(f"/accounts/users/{staff.pk}/2fa/reset/")
    assert response["Location"] == f"/accounts/users/{staff.pk}/roles/"
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    reset = audited(two_factor.RESET, staff)
    assert len(reset) == 1
    assert reset[0].actor_id == secadmin.pk
    assert "未启用" in client.get(f"/accounts/users/{staff.pk}/roles/").content.decode()
    # Another organisation's user: the same 404 as a missing one.
    assert client.post(f"/accounts/users/{county_staff.pk}/2fa/reset/").status_code == 404
    assert client.post("/accounts/users/999999/2fa/reset/").status_code == 404
    assert TOTPDevice.objects.filter(user=county_staff, confirmed=True).exists()
    assert not audited(two_factor.RESET, county_staff)


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "staff"])
def test_only_the_security_admin_resets(world: factories.World, username: str) -> None:
    enrol(world["editor"])
    client = Client()
    client.force_login(world[username])
    assert client.post(f"/accounts/users/{world['editor'].pk}/2fa/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=world["editor"]).exists()


def test_the_security_admin_cannot_reset_their_own(world: factories.World) -> None:
    secadmin = world["secadmin"]
    device, _codes = enrol(secadmin)
    client = verified_client(secadmin, device)
    client.post(f"/accounts/users/{secadmin.pk}/2fa/reset/")
    assert TOTPDevice.objects.filter(user=secadmin).exists()


@pytest.mark.usefixtures("enforced")
def test_after_a_reset_a_required_user_sets_up_again(world: factories.World) -> None:
    staff = world["staff"]
    device, _codes = enrol(staff)
    client = verified_client(staff, device)
    assert client.get("/workspace/").status_code == 200
    two_factor.reset(acting_user=world["secadmin"], user=staff)
    assert client.get("/workspace/")["Location"] == SETUP


# --- the workspace task --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "urgent"),
    [("staff", True), ("sysadmin", True), ("chair", True), ("member", False)],
)
def test_the_workspace_offers_enrolment(
    world: factories.World, username: str, urgent: bool
) -> None:
    client = Client()
    client.force_login(world[username])
    page = client.get("/workspace/").content.decode()
    assert 'id="panel-security"' in page
    first_panel = re.search(r'<section class="card[^"]*" aria-labelledby="panel-(\w+)"', page)
    assert first_panel
    # Required enrolment leads the page; for members it is a suggestion, and whatever is
    # waiting on them (here: personal data to complete) comes first.
    assert (first_panel.group(1) == "security") is urgent
    task = re.search(r'<li( class="urgent")?><a href="/accounts/2fa/setup/"><span>([^<]+)', page)
    assert task
    assert "启用两步验证" in task.group(2)
    assert bool(task.group(1)) is urgent


def test_no_enrolment_task_for_the_public_or_once_enabled(world: factories.World) -> None:
    client = Client()
    client.force_login(world["public"])
    assert 'id="panel-security"' not in client.get("/workspace/").content.decode()
    device, _codes = enrol(world["staff"])
    page = verified_client(world["staff"], device).get("/workspace/").content.decode()
    assert 'id="panel-security"' not in page
