from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import selectors, services
from .links import is_local_path

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request: AuthedHttpRequest) -> HttpResponse:
    """我的通知: newest first, unread ones marked."""
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: AuthedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
    return redirect("notify:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request: AuthedHttpRequest, notification_id: int) -> HttpResponse:
    """Marks the notification read and goes to what it is about (a path on this site only)."""
    try:
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification_id
        )
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    target = notification.url if is_local_path(notification.url) else reverse("notify:inbox")
    return HttpResponseRedirect(target)


@login_required
@require_GET
@never_cache
def badge(request: AuthedHttpRequest) -> HttpResponse:
    """The unread-count badge alone, for htmx to swap in."""
    count = selectors.unread_count(user=request.user)
    return render(request, "notify/_badge.html", {"count": count})
