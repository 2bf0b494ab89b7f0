"""Bearer tokens for the mobile app: issue after the same checks as the web sign-in, look
up on every API call, revoke from the app or from 账号安全.

The web pages keep their session cookies; the API accepts either a session (with CSRF) or
`Authorization: Bearer <token>` (no cookie, so no CSRF). Only the SHA-256 digest of a token
is stored, so a copy of the database does not let anyone sign in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningju.core import audit
from ningju.core.errors import DomainError

from . import security, two_factor
from .models import ApiToken, User

LIFETIME = timedelta(days=30)
IDLE_LIMIT = timedelta(days=7)
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is written at most this often
ISSUED = "account.api_token_issued"
REVOKED = "account.api_token_revoked"


class TokenRefused(DomainError):
    code = "invalid_credentials"
    default_message = gettext_lazy("用户名或密码不正确。")


@dataclass(frozen=True)
class Issued:
    token: str
    record: ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(
    *, request: HttpRequest, username: str, password: str, code: str = "", device_name: str = ""
) -> Issued:
    """Password (with the lockout and dormancy rules of the web sign-in), then the 2FA code
    when the account has 2FA or its role requires it. Failures are audited by the same
    signals as the web sign-in."""
    try:
        user = authenticate(request, username=username, password=password)
    except DjangoPermissionDenied:
        user = None
    lockout = getattr(request, "ningju_lockout", None)
    if lockout is not None:
        raise TokenRefused(
            _("尝试次数过多，账号已暂时锁定，请 %(minutes)s 分钟后再试。")
            % {"minutes": lockout.minutes_left},
            code="locked",
        )
    if user is None or not isinstance(user, User):
        raise TokenRefused()
    if security.password_expired(user) or user.must_change_password:
        raise TokenRefused(
            _("密码需要更换：请先在网页上登录并修改密码，再登录手机端。"), code="password_expired"
        )
    if two_factor.has_confirmed_device(user):
        if not code:
            raise TokenRefused(
                _("请输入手机验证器上的6位数字。"), code="code_required", field="code"
            )
        result = two_factor.check_code(user, code, purpose="api_token")
        if not result.ok:
            raise TokenRefused(result.message, code=result.reason or "wrong_code", field="code")
    elif two_factor.two_factor_required(user):
        raise TokenRefused(
            _("您的账号必须启用两步验证：请先在网页上启用，再登录手机端。"),
            code="two_factor_setup_required",
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user,
            digest=_digest(token),
            prefix=token[:8],
            device_name=" ".join(device_name.split())[:60],
            expires_at=now + LIFETIME,
            last_used_at=now,
        )
        audit.record(
            action=ISSUED,
            actor=user,
            organisation=user.organisation_id,
            target=user,
            after={"token": record.prefix, "device": record.device_name},
        )
        User.objects.filter(pk=user.pk).update(last_login=now)
    return Issued(token=token, record=record)


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to, or None (expired, idle, revoked, unknown)."""
    if not token or len(token) > 100:
        return None
    record = (
        ApiToken.objects.select_related(
            "user", "user__organisation", "user__organisation__security_policy"
        )
        .filter(digest=_digest(token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if record is None or record.expires_at <= now or now - record.last_used_at > IDLE_LIMIT:
        return None
    user = record.user
    if not user.is_active:
        return None
    if now - record.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    user.api_token = record  # type: ignore[attr-defined]
    return user


def token_revoke(*, acting_user: User, token: ApiToken) -> None:
    """End one mobile sign-in (the holder's own). Audited; revoking twice is harmless."""
    if token.user_id != acting_user.pk:
        from ningju.core.errors import NotFoundOrForbidden

        raise NotFoundOrForbidden()
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            action=REVOKED,
            actor=acting_user,
            organisation=acting_user.organisation_id,
            target=acting_user,
            before={"token": token.prefix, "device": token.device_name},
        )


def tokens_of(user: User) -> list[ApiToken]:
    """The person's mobile sign-ins that still work, newest first."""
    now = timezone.now()
    return list(
        ApiToken.objects.filter(
            user=user,
            revoked_at__isnull=True,
            expires_at__gt=now,
            last_used_at__gt=now - IDLE_LIMIT,
        )
    )
