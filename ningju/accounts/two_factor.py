"""Two-factor authentication (等保 level 3: 双因素认证): TOTP with recovery codes.

Who must use it, enrolment, code checks with their lockout, and the middleware that keeps a
signed-in but not yet verified session at the code page.

- Required, when `NINGJU_TWO_FACTOR_ENFORCED` is on, for staff, handling units, leadership,
  portal editors and all administrators, and for members when their organisation's
  `SecurityPolicy.members_require_two_factor` says so. Optional for other members; public
  accounts are never asked.
- Whoever has a confirmed authenticator, required or not, is asked for a code after every
  password login: the session counts as verified only after `django_otp.login`.
- A confirmed TOTP device is what "enabled" means. The recovery codes (one StaticDevice with
  ten StaticTokens) belong to it: they are created and deleted with it.
- Failed codes are audited (`account.2fa_failed`); five within 15 minutes lock code entry for
  15 minutes. They are counted from the audit trail, so every app server agrees.
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ningju.core import audit
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.core.models import AuditEvent

from .choices import Role
from .models import User
from .security import policy_for_user

REQUIRED_ROLES = frozenset(
    {
        Role.OFFICE_STAFF,
        Role.UNIT_OFFICER,
        Role.UNIT_SIGNER,
        Role.PORTAL_EDITOR,
        Role.CHAIR_MEETING,
        Role.COMMITTEE_DIRECTOR,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
)
FAILURE_THRESHOLD = 5
LOCKOUT = timedelta(minutes=15)
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"

ENABLED = "account.2fa_enabled"
VERIFIED = "account.2fa_verified"
FAILED = "account.2fa_failed"
LOCKED = "account.2fa_locked"
DISABLED = "account.2fa_disabled"
RESET = "account.2fa_reset"
CODES_REGENERATED = "account.2fa_recovery_codes"
# Events after which earlier failures no longer count towards the lockout.
_FRESH_START = (VERIFIED, ENABLED, DISABLED, RESET, CODES_REGENERATED)

_TOTP_CODE = re.compile(r"[0-9]{6}")
_RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


# --- who must use it ---------------------------------------------------------------------


def required_by_role(user: Any) -> bool:
    """True when this person's roles (or their organisation's policy) call for 2FA."""
    if not getattr(user, "is_authenticated", False):
        return False
    principal = user.principal
    if principal.roles & REQUIRED_ROLES:
        return True
    return Role.MEMBER in principal.roles and policy_for_user(user).members_require_two_factor


def two_factor_required(user: Any) -> bool:
    """Required now: enforcement is on and the person's roles call for it."""
    return bool(getattr(settings, "NINGJU_TWO_FACTOR_ENFORCED", True)) and required_by_role(user)


def two_factor_offered(user: Any) -> bool:
    """Shown as a task: required by role, or optional for members. Never for the public."""
    if not getattr(user, "is_authenticated", False):
        return False
    return required_by_role(user) or user.principal.has(Role.MEMBER)


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("-id").first()


def has_confirmed_device(user: Any) -> bool:
    if not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


# --- enrolment ---------------------------------------------------------------------------


@transaction.atomic
def totp_begin(user: User) -> TOTPDevice:
    """The unconfirmed device the set-up page shows: the same secret on every visit."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI (issuer "Ningju") as an SVG QR code in a data: URI (the CSP allows
    data: images, so nothing is fetched and no inline script or style is needed)."""
    qr = segno.make(device.config_url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=5, border=4, dark="#000", light="#fff", xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _normalise(code: str) -> str:
    # NFKC turns full-width digits typed with a Chinese input method into ASCII.
    text = unicodedata.normalize("NFKC", code or "")
    return re.sub(r"[\s\-]", "", text).lower()


def _kind(token: str) -> str:
    if _TOTP_CODE.fullmatch(token):
        return "totp"
    if _RECOVERY_CODE.fullmatch(token):
        return "recovery_code"
    return ""


def _wrong_code_message() -> str:
    return _(
        "验证码不正确。请输入手机验证器应用上现在显示的6位数字；数字每30秒变一次，变了就输入新的。"
    )


def _throttled_message() -> str:
    return _("刚才输错了，请稍等几秒钟再输入。")


def totp_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; returns it and the new recovery
    codes (shown once). Replaces any earlier authenticator (a new phone)."""
    token = _normalise(code)
    if not _TOTP_CODE.fullmatch(token):
        raise DomainError(_("请输入手机上显示的6位数字。"), code="invalid_code", field="code")
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if device is None:
            raise DomainError(
                _("设置已失效，请重新打开本页并扫描新的二维码。"),
                code="no_pending_device",
                field="code",
            )
        allowed, _info = device.verify_is_allowed()
        verified = allowed and device.verify_token(token)
        if verified:
            replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
            had_device = replaced.filter(confirmed=True).exists()
            replaced.delete()
            device.confirmed = True
            device.created_at = timezone.now()  # "enabled since", not "set-up page opened"
            device.save(update_fields=["confirmed", "created_at"])
            codes = recovery_codes_generate(user)
            audit.record(
                action=ENABLED,
                actor=user,
                organisation=user.organisation_id,
                target=user,
                before={"enabled": had_device},
                after={"enabled": True, "recovery_codes": len(codes), "new_phone": had_device},
            )
            return device, codes
    # Outside the transaction, so the device's failure counter is kept.
    raise DomainError(
        _wrong_code_message() if allowed else _throttled_message(),
        code="invalid_code" if allowed else "throttled",
        field="code",
    )


def format_recovery_code(token: str) -> str:
    token = token.upper()
    return f"{token[:4]} {token[4:]}"


def recovery_codes_generate(user: User) -> list[str]:
    """Ten new 8-character recovery codes; any earlier ones stop working. Returned grouped
    for reading ("ABCD EFGH"); spaces, hyphens and letter case do not matter when typed."""
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).order_by("id").first()
        if device is None:
            device = StaticDevice.objects.create(
                user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
            )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticToken.objects.filter(device=device).delete()
        tokens: list[str] = []
        while len(tokens) < RECOVERY_CODE_COUNT:
            token = StaticToken.random_token()  # 8 characters of a-z2-7
            if token not in tokens:
                tokens.append(token)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
        device.confirmed = True
        device.throttle_reset(commit=False)
        device.save()
    return [format_recovery_code(t) for t in tokens]


# --- checking codes ------------------------------------------------------------------------


def _recent_failures(user: Any) -> list[datetime]:
    """Failed codes since the last success, newest first, within the span that can matter."""
    since = timezone.now() - 2 * LOCKOUT
    events = (
        AuditEvent.objects.filter(
            object_type=User._meta.label_lower,
            object_id=str(user.pk),
            occurred_at__gte=since,
            action__in=(FAILED, *_FRESH_START),
        )
        .order_by("-sequence")
        .values_list("action", "occurred_at")[:200]
    )
    failures: list[datetime] = []
    for action, occurred_at in events:
        if action != FAILED:
            break
        failures.append(occurred_at)
    return failures


def _locked_until(failures: list[datetime]) -> datetime | None:
    now = timezone.now()
    for i in range(len(failures) - FAILURE_THRESHOLD + 1):
        newest, oldest = failures[i], failures[i + FAILURE_THRESHOLD - 1]
        if newest - oldest <= LOCKOUT:
            until = newest + LOCKOUT
            return until if until > now else None
    return None


def lockout_until(user: Any) -> datetime | None:
    """When code entry opens again after five failures within 15 minutes (None: open)."""
    return _locked_until(_recent_failures(user))


def minutes_left(until: datetime) -> int:
    return max(1, int((until - timezone.now()).total_seconds() // 60) + 1)


def locked_message(until: datetime) -> str:
    minutes = minutes_left(until)
    return _(
        "验证码连续输错次数太多，为保护账号安全，请 %(minutes)d 分钟后再试。"
        "如果手机丢失，请联系本单位的安全管理员。"
    ) % {"minutes": minutes}


@dataclass(frozen=True)
class CodeCheck:
    """The answer to one code: the device that accepted it, or why not."""

    device: Any = None
    method: str = ""
    reason: str = ""  # "locked", "malformed", "throttled", "wrong_code", "not_enabled"
    message: str = ""
    locked_until: datetime | None = None
    recovery_codes_left: int | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def check_code(user: User, code: str, *, purpose: str) -> CodeCheck:
    """Check a TOTP code or a recovery code (which is used up). Failures are audited and
    count towards the lockout; a malformed entry (say, five digits) does not."""
    until = lockout_until(user)
    if until is not None:
        audit.record(
            action=LOCKED,
            actor=user,
            organisation=user.organisation_id,
            target=user,
            after={"purpose": purpose, "locked_until": until},
            success=False,
        )
        return CodeCheck(reason="locked", message=locked_message(until), locked_until=until)
    token = _normalise(code)
    method = _kind(token)
    if not method:
        return CodeCheck(
            reason="malformed",
            message=_("请输入手机上显示的6位数字，或者一个8位恢复码。"),
        )
    if not has_confirmed_device(user):
        return CodeCheck(reason="not_enabled", message=_("您还没有启用两步验证。"))
    matched = None
    throttled = False
    with transaction.atomic():
        model = TOTPDevice if method == "totp" else StaticDevice
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                matched = device
                break
    if matched is not None:
        left = recovery_codes_left(user) if method == "recovery_code" else None
        return CodeCheck(device=matched, method=method, recovery_codes_left=left)
    reason = "throttled" if throttled else "wrong_code"
    audit.record(
        action=FAILED,
        actor=user,
        organisation=user.organisation_id,
        target=user,
        after={"purpose": purpose, "method": method, "reason": reason},
        success=False,
    )
    failures = _recent_failures(user)
    until = _locked_until(failures)
    if until is not None:
        return CodeCheck(
            method=method, reason="locked", message=locked_message(until), locked_until=until
        )
    message = _throttled_message() if throttled else _wrong_code_message()
    left_tries = FAILURE_THRESHOLD - len([f for f in failures if f > timezone.now() - LOCKOUT])
    if 0 < left_tries < FAILURE_THRESHOLD - 1:
        message += " " + _("再输错 %(count)d 次将暂停输入15分钟。") % {"count": left_tries}
    return CodeCheck(method=method, reason=reason, message=message)


def verify(request: HttpRequest, user: User, code: str) -> CodeCheck:
    """The code after a password login. On success the session becomes verified."""
    result = check_code(user, code, purpose="login")
    if result.ok:
        request.session.cycle_key()  # a new session id for the more trusted session
        django_otp.login(request, result.device)
        audit.record(
            action=VERIFIED,
            actor=user,
            organisation=user.organisation_id,
            target=user,
            after={"method": result.method, "recovery_codes_left": result.recovery_codes_left},
        )
    return result


def _require_code(user: User, code: str, *, purpose: str) -> CodeCheck:
    result = check_code(user, code, purpose=purpose)
    if not result.ok:
        raise DomainError(result.message, code=result.reason, field="code")
    return result


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), confirmed with a current code."""
    if not has_confirmed_device(user):
        raise DomainError(_("您还没有启用两步验证。"), code="not_enabled")
    _require_code(user, code, purpose="regenerate_recovery_codes")
    with transaction.atomic():
        codes = recovery_codes_generate(user)
        audit.record(
            action=CODES_REGENERATED,
            actor=user,
            organisation=user.organisation_id,
            target=user,
            after={"recovery_codes": len(codes)},
        )
    return codes


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def disable(*, user: User, code: str) -> None:
    """Turn 2FA off, confirmed with a current code; refused while it is required."""
    if two_factor_required(user):
        raise DomainError(
            _("您的岗位必须使用两步验证，不能关闭。换了手机的话，请选择“更换手机”重新设置。"),
            code="two_factor_required",
        )
    if not has_confirmed_device(user):
        raise DomainError(_("您还没有启用两步验证。"), code="not_enabled")
    _require_code(user, code, purpose="disable")
    with transaction.atomic():
        _delete_devices(user)
        audit.record(
            action=DISABLED,
            actor=user,
            organisation=user.organisation_id,
            target=user,
            before={"enabled": True},
            after={"enabled": False},
        )


@transaction.atomic
def reset(*, acting_user: User, user: User) -> None:
    """The security admin removes someone's authenticator and recovery codes (a lost
    phone). They set it up again at their next sign-in."""
    if not acting_user.has_perm("accounts.manage_roles"):
        raise PermissionDenied()
    if user.organisation_id is None or user.organisation_id != acting_user.principal.org:
        raise NotFoundOrForbidden()
    if user.pk == acting_user.pk:
        raise DomainError(
            _("不能重置自己的两步验证。请使用恢复码登录后自行更换手机，或请另一位安全管理员处理。"),
            code="cannot_reset_self",
        )
    if not has_confirmed_device(user):
        raise DomainError(_("该用户没有启用两步验证，无需重置。"), code="not_enabled")
    _delete_devices(user)
    audit.record(
        action=RESET,
        actor=acting_user,
        organisation=user.organisation_id,
        target=user,
        before={"enabled": True},
        after={"enabled": False},
    )


# --- the middleware ------------------------------------------------------------------------

EXEMPT_PREFIXES = ("/static/", "/healthz", "/preferences/")


def session_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def url_with_next(url: str, request: HttpRequest) -> str:
    query = QueryDict(mutable=True)
    query["next"] = request.get_full_path()
    return f"{url}?{query.urlencode(safe='/')}"


class TwoFactorMiddleware:
    """Holds a password-only session at the code page (or, when 2FA is required and not
    yet set up, at the set-up page) until `django_otp.login` has verified it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path
        if (
            not user.is_authenticated
            or path.startswith(EXEMPT_PREFIXES)
            or path.startswith(reverse("accounts:two_factor"))
            or path == reverse("accounts:logout")
            or session_verified(user)
        ):
            return self.get_response(request)
        if has_confirmed_device(user):
            # Including the password-change page: a password alone must not be enough to
            # replace the password of an account that has a second factor.
            return self._hold(
                request,
                url_with_next(reverse("accounts:two_factor_verify"), request),
                _("请先输入手机验证器上的验证码，完成两步验证。"),
            )
        if path == reverse("accounts:password_change"):
            return self.get_response(request)
        if two_factor_required(user):
            return self._hold(
                request,
                reverse("accounts:two_factor_setup"),
                _("您的账号必须启用两步验证，请先完成设置。"),
            )
        return self.get_response(request)

    @staticmethod
    def _hold(request: HttpRequest, url: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "two_factor_required", "message": message, "detail": {}}, status=403
            )
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
