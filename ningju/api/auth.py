"""/api/v1/auth/token: the mobile app signs in (and out) with a bearer token."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts import api_tokens
from ningju.accounts.models import User

from .schemas import ErrorOut

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    code: str = ""  # the 6-digit authenticator code (or a recovery code) when 2FA is on
    device_name: str = ""


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (the scheme name, not a secret)
    expires_at: datetime


@router.post("/token", auth=None, response={201: TokenOut, 401: ErrorOut, 422: ErrorOut})
def token_issue(request: HttpRequest, payload: TokenIn) -> HttpStatus | HttpResponse:
    """Sign in: the same password, lockout and two-factor rules as the web sign-in."""
    from .urls import api

    try:
        issued = api_tokens.token_issue(
            request=request,
            username=payload.username,
            password=payload.password,
            code=payload.code,
            device_name=payload.device_name,
        )
    except api_tokens.TokenRefused as exc:
        detail = {"field": exc.field} if exc.field else {}
        return api.create_response(
            request,
            {"code": exc.code, "message": str(exc.message), "detail": detail},
            status=401,
        )
    return HttpStatus(201, TokenOut(token=issued.token, expires_at=issued.record.expires_at))


@router.delete("/token", response={204: None, 401: ErrorOut})
def token_revoke(request: HttpRequest) -> HttpStatus:
    """Sign out this device: the token used for this call stops working."""
    user = cast(User, request.user)
    token = getattr(user, "api_token", None)
    if token is not None:
        api_tokens.token_revoke(acting_user=user, token=token)
    return HttpStatus(204, None)
