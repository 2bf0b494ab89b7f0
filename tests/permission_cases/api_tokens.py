"""Mobile sign-ins (ningju/accounts/api_tokens.py): each person manages only their own."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ningju.accounts.models import ApiToken
from tests import factories
from tests.matrix import ALL, Case


def _member_token(w: factories.World) -> str:
    now = timezone.now()
    token = ApiToken.objects.create(
        user=w["member"],
        digest=f"{now.timestamp():064.6f}"[-64:],
        prefix="abcd1234",
        device_name="phone",
        expires_at=now + timedelta(days=1),
        last_used_at=now,
    )
    return f"/accounts/tokens/{token.pk}/revoke/"


CASES = [
    Case(
        "api token revoke (own phone)",
        _member_token,
        {"member"},
        404,
        "post",
        ok_status=302,
    ),
    # Signing out over the API ends the caller's own token; with a session there is none.
    Case("api sign out", lambda w: "/api/v1/auth/token", ALL, 401, "delete", ok_status=204),
]
