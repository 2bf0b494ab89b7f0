"""/api/v1/: the mobile app's API. Same services, selectors and permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied

from .activities import router as activities_router
from .auth import router as auth_router
from .matters import router as matters_router
from .me import router as me_router
from .meetings import router as meetings_router
from .members import router as members_router
from .notifications import router as notifications_router
from .opinions import router as opinions_router
from .proposals import router as proposals_router
from .security import BearerToken
from .stations import router as stations_router
from .suggestions import router as suggestions_router
from .voices import router as voices_router

api = NinjaAPI(
    title="Ningju API",
    version="1",
    urls_namespace="api",
    # The mobile app sends a bearer token; the web pages' htmx calls use the session.
    auth=[BearerToken(), django_auth],
    # Swagger UI would load its assets from a CDN; the schema is at openapi.json.
    docs_url=None,
)


def _envelope(
    request: HttpRequest, code: str, message: str, status: int, detail: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "detail": detail or {}}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = (
        404
        if isinstance(exc, NotFoundOrForbidden)
        else 403
        if isinstance(exc, PermissionDenied)
        else 400
    )
    detail = dict(exc.detail)
    if exc.field:
        detail["field"] = exc.field
    return _envelope(request, exc.code, str(exc.message), status, detail)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    return _envelope(request, "unauthenticated", _("请先登录。"), 401)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    return _envelope(request, "invalid", _("提交的数据有误。"), 422, {"errors": exc.errors})


api.add_router("/auth", auth_router)
api.add_router("/me", me_router)
api.add_router("/members", members_router)
api.add_router("/notifications", notifications_router)
api.add_router("/proposals", proposals_router)
# Each of these routers names its own paths (/opinions/..., /meetings/..., /leave/...).
for _router in (
    opinions_router,
    voices_router,
    stations_router,
    suggestions_router,
    matters_router,
    meetings_router,
    activities_router,
):
    api.add_router("", _router)
