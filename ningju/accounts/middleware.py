"""Session rules: idle timeout and forced password change."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .security import password_expired, policy_for_user

SESSION_KEY = "ningju_last_activity"
# Requests that must not count as activity or be redirected.
EXEMPT_PREFIXES = ("/static/", "/healthz", "/preferences/", "/i18n/")


def _exempt(path: str) -> bool:
    return path.startswith(EXEMPT_PREFIXES)


class IdleTimeoutMiddleware:
    """Signs a person out after the policy's idle minutes (等保: 登录连接超时自动退出)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _exempt(request.path):
            timeout = policy_for_user(user).idle_timeout_minutes * 60
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            if last is not None and now - int(last) > timeout:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "code": "session_expired",
                            "message": _("长时间未操作，请重新登录。"),
                            "detail": {},
                        },
                        status=401,
                    )
                messages.info(request, _("由于长时间未操作，您已自动退出。请重新登录。"))
                login_url = reverse("accounts:login") + f"?next={request.path}"
                if request.headers.get("HX-Request"):
                    # htmx would paste the sign-in page into the fragment: send the page there.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return HttpResponseRedirect(login_url)
            # Refreshing the stamp at most once a minute saves a session write per request.
            if last is None or now - int(last) >= 60:
                request.session[SESSION_KEY] = now
            request.idle_timeout_seconds = timeout  # type: ignore[attr-defined]
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Sends anyone whose password must change (first login, expired) to the change page."""

    allowed = ("accounts:password_change", "accounts:logout", "accounts:keepalive")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _exempt(request.path) and password_expired(user):
            allowed = {reverse(name) for name in self.allowed}
            if request.path not in allowed and not request.path.startswith("/accounts/2fa/"):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"code": "password_expired", "message": _("请先修改密码。"), "detail": {}},
                        status=403,
                    )
                return HttpResponseRedirect(reverse("accounts:password_change"))
        return self.get_response(request)
