"""Office pages: create and edit meetings, invite, agenda and materials, the sign-in screen,
attendance with 代签, minutes, and the leadership's attendance overview."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest

from . import selectors, services, signin_codes
from .choices import MeetingStatus
from .forms import AgendaForm, InviteForm, MaterialForm, MeetingForm, MinutesForm, ProxyForm
from .models import AgendaItem
from .views import _add_error, _meeting, detail_context

SCREEN_REFRESH_SECONDS = 10


def _require_office(request: AuthedHttpRequest, meeting: Any = None) -> None:
    perm = "meetings.manage_meeting" if meeting is not None else "meetings.manage"
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    _require_office(request)
    org = request.user.principal.org
    form = MeetingForm(request.POST or None, organisation_id=org)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(acting_user=request.user, data=form.data_object())
        except DomainError as exc:
            for field, message in (exc.detail or {exc.field: exc.message}).items():
                form.add_error(field if field in form.fields else None, str(message))
        else:
            messages.success(request, _("会议已创建，请确定参会人员和议程。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    org = request.user.principal.org
    form = MeetingForm(
        request.POST or None, organisation_id=org, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                acting_user=request.user, meeting=meeting, data=form.data_object()
            )
        except DomainError as exc:
            for field, message in (exc.detail or {exc.field: exc.message}).items():
                form.add_error(field if field in form.fields else None, str(message))
        else:
            messages.success(request, _("会议信息已保存。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def transition(request: AuthedHttpRequest, meeting_id: int, action: str) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    try:
        services.meeting_transition(acting_user=request.user, meeting=meeting, action=action)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        done = {
            "publish": _("会议通知已发送给参会委员。"),
            "open_signin": _("签到已开始，请打开签到大屏。"),
            "close": _("会议已结束，请假和缺席已记入履职档案。"),
            "cancel": _("会议已取消，已通知参会委员。"),
        }
        messages.success(request, done.get(action, _("已保存。")))
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    form = InviteForm(request.POST or None, organisation_id=meeting.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.invitations_add(
                acting_user=request.user,
                meeting=meeting,
                scope=data["scope"],
                committee_id=data["committee"].pk if data.get("committee") else None,
                sector_id=data["sector"].pk if data.get("sector") else None,
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("新增参会委员 %(n)s 人。") % {"n": added})
            return redirect("meetings:invite", meeting.pk)
    return render(
        request,
        "meetings/invite.html",
        {"meeting": meeting, "form": form, "count": meeting.invitations.count()},
    )


@login_required
@require_POST
def agenda_add(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("议程已添加。"))
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/detail.html",
        detail_context(request, meeting, agenda_form=form),
        status=400,
    )


@login_required
@require_POST
def material_add(request: AuthedHttpRequest, item_id: int) -> HttpResponse:
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404
    meeting = _meeting(request, item.meeting_id)
    _require_office(request, meeting)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                acting_user=request.user, item=item, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("材料已上传。"))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def minutes(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.minutes_save(
            acting_user=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, _("会议纪要已保存。"))
    return redirect("meetings:detail", meeting.pk)


@never_cache
@login_required
@require_GET
def screen(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    """The sign-in screen on the projector: the QR of the current code and how many have
    signed in. htmx polls the same URL every few seconds and swaps in the fragment."""
    meeting = _meeting(request, meeting_id)
    _require_office(request, meeting)
    now = timezone.now()
    open_now = (
        meeting.status == MeetingStatus.SIGNIN_OPEN
        and meeting.signin_opens_at <= now <= meeting.signin_closes_at
    )
    context: dict[str, Any] = {
        "meeting": meeting,
        "open_now": open_now,
        "tally": selectors.tally(meeting),
        "refresh": SCREEN_REFRESH_SECONDS,
    }
    if open_now:
        code = signin_codes.code_for(meeting.pk, meeting.signin_secret, now)
        url = request.build_absolute_uri(reverse("meetings:signin", args=[code]))
        qr = segno.make(url, error="m")
        svg = qr.svg_inline(scale=8, border=2, dark="#1a1a1a", light="#ffffff", omitsize=True)
        context.update({"signin_url": url, "qr_svg": mark_safe(svg)})  # noqa: S308 (segno output)
    template = "meetings/_screen.html" if request.htmx else "meetings/screen.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not request.user.has_perm("meetings.view_attendance"):
        raise PermissionDenied
    manage = request.user.has_perm("meetings.manage_meeting", meeting)
    rows = selectors.attendance_rows(meeting)
    pending = [(r.member.pk, r.member.name) for r in rows if r.status in ("pending", "requested")]
    form = ProxyForm(request.POST or None, members=pending)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.attendance_proxy(
                    acting_user=request.user,
                    meeting=meeting,
                    member_id=form.cleaned_data["member"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                _add_error(form, exc)
            else:
                messages.success(request, _("已代签。"))
                return redirect("meetings:attendance", meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "tally": selectors.tally(meeting),
            "form": form,
            "manage": manage,
            "proxy_open": manage and meeting.status == MeetingStatus.SIGNIN_OPEN,
        },
    )


@login_required
@require_GET
def overview(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.view_overview"):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    data = selectors.attendance_overview(user=request.user, year=year)
    return render(request, "meetings/overview.html", data)
