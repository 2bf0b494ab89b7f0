"""Helpers shared by the activity and study pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

T = TypeVar("T")
PAGE_SIZE = 30


def get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    """Missing and forbidden look the same."""
    try:
        return getter(**kwargs)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def require(request: AuthedHttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def add_errors(form: forms.Form, exc: DomainError) -> None:
    """Each message of the service next to its field; the rest above the form."""
    errors: dict[str | None, Any] = dict(exc.detail) if exc.detail else {exc.field: exc.message}
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, str(message))


def paginate(request: AuthedHttpRequest, queryset: Any) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def int_param(request: AuthedHttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def inline_image(name: str) -> FileResponse:
    """A stored image we re-encoded as JPEG ourselves: safe to show inline, never sniffed."""
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response
