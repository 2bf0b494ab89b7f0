"""How API callers prove who they are: a bearer token (the mobile app) or the web session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from ningju.accounts.api_tokens import user_for_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` from `POST /api/v1/auth/token`. No cookie is involved,
    so no CSRF check is needed; the session check after it keeps CSRF for the web pages."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
