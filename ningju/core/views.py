from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ningju.accounts import services as account_services

from .context_processors import LARGE_TEXT_COOKIE


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def toggle_large_text(request: HttpRequest) -> HttpResponse:
    """适老化: the larger-text mode, remembered in a cookie and on the account."""
    enable = request.POST.get("large_text") == "1"
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        LARGE_TEXT_COOKIE,
        "1" if enable else "0",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    if request.user.is_authenticated:
        account_services.preferences_update(user=request.user, large_text=enable)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, also remembered on the signed-in account."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _ in settings.LANGUAGES}:
        account_services.preferences_update(user=request.user, language=language)
    return response
