"""Pages every participant uses: meeting list and detail, the phone sign-in, leave, speeches,
the personal calendar and its ICS feed. Office pages are in views_office.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import protected_file_response

from . import ics, selectors, services
from .choices import LeaveStatus, MeetingStatus
from .forms import AgendaForm, LeaveForm, MaterialForm, MinutesForm, SpeechForm
from .models import Attendance, CalendarFeed, LeaveRequest, Material, Speech
from .workflow import EDITABLE, LEAVE_OPEN, meeting_actions

LIST_LIMIT = 100


def _meeting(request: AuthedHttpRequest, meeting_id: int) -> Any:
    try:
        return selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _leave(request: AuthedHttpRequest, leave_id: int) -> LeaveRequest:
    try:
        return selectors.leave_get(user=request.user, leave_id=leave_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _add_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@login_required
@require_GET
def meeting_list(request: AuthedHttpRequest) -> HttpResponse:
    principal = request.user.principal
    if not (principal.member_id or request.user.has_perm("meetings.view_attendance")):
        raise PermissionDenied
    upcoming = list(selectors.meeting_list(user=request.user, upcoming=True)[:LIST_LIMIT])
    past = list(selectors.meeting_list(user=request.user, upcoming=False)[:LIST_LIMIT])
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "can_manage": request.user.has_perm("meetings.manage"),
            "can_overview": request.user.has_perm("meetings.view_overview"),
            "can_decide": request.user.has_perm("meetings.approve_any_leave"),
        },
    )


def detail_context(request: AuthedHttpRequest, meeting: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    member_id = user.principal.member_id or 0
    manage = user.has_perm("meetings.manage_meeting", meeting)
    my_invited = bool(member_id) and meeting.invitations.filter(member_id=member_id).exists()
    my_attendance = (
        Attendance.objects.filter(meeting=meeting, member_id=member_id).first()
        if my_invited
        else None
    )
    my_leave = (
        LeaveRequest.objects.filter(meeting=meeting, member_id=member_id)
        .order_by("-created_at", "-id")
        .first()
        if my_invited
        else None
    )
    speeches = list(meeting.speeches.select_related("member"))
    context = {
        "meeting": meeting,
        "agenda": selectors.agenda_of(meeting),
        "speeches": speeches,
        "manage": manage,
        "editable": meeting.status in EDITABLE,
        "actions": meeting_actions(meeting.status) if manage else [],
        "my_invited": my_invited,
        "my_attendance": my_attendance,
        "my_leave": my_leave,
        "leave_open": meeting.status in LEAVE_OPEN and timezone.now() < meeting.ends_at,
        "can_attendance": user.has_perm("meetings.view_attendance"),
        "tally": selectors.tally(meeting)
        if manage or user.has_perm("meetings.view_attendance")
        else None,
        "may_speak": my_invited
        and meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED),
        "agenda_form": AgendaForm(),
        "material_form": MaterialForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def detail(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return render(request, "meetings/detail.html", detail_context(request, meeting))


@login_required
@require_GET
def material_download(request: AuthedHttpRequest, material_id: int) -> FileResponse:
    material = Material.objects.select_related("item").filter(pk=material_id).first()
    if material is None:
        raise Http404
    _meeting(request, material.item.meeting_id)
    return protected_file_response(
        material.file.open("rb"), filename=material.name, content_type=material.content_type
    )


# --------------------------------------------------------------------------- sign-in


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def signin(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """What the phone opens after scanning: a one-tap confirmation, then the result."""
    template = "meetings/signin.html"
    if request.method == "POST":
        try:
            result = services.attendance_sign_in(acting_user=request.user, code=code)
        except NotFoundOrForbidden as exc:
            raise Http404 from exc
        except DomainError as exc:
            return render(request, template, {"error": exc.message, "code": exc.code}, status=400)
        return render(
            request,
            template,
            {
                "meeting": result.meeting,
                "attendance": result.attendance,
                "done": True,
                "already": result.already,
            },
        )
    try:
        meeting = services.signin_check(acting_user=request.user, code=code)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    except DomainError as exc:
        return render(request, template, {"error": exc.message, "code": exc.code}, status=400)
    attendance = Attendance.objects.filter(
        meeting_id=meeting.pk, member_id=request.user.principal.member_id or 0
    ).first()
    return render(
        request,
        template,
        {
            "meeting": meeting,
            "attendance": attendance,
            "done": attendance is not None,
            "already": attendance is not None,
            "code_value": code,
        },
    )


# --------------------------------------------------------------------------- leave


@login_required
@require_http_methods(["GET", "POST"])
def leave_request(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not request.user.has_perm("meetings.attend"):
        raise PermissionDenied
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(
                acting_user=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("请假已提交，审批结果会通知您。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/leave_form.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def leave_withdraw(request: AuthedHttpRequest, leave_id: int) -> HttpResponse:
    leave = _leave(request, leave_id)
    try:
        services.leave_withdraw(acting_user=request.user, leave=leave)
    except DomainError as exc:
        if exc.code == "forbidden":
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("请假已撤回。"))
    return redirect("meetings:detail", leave.meeting_id)


@login_required
@require_GET
def leave_queue(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.approve_any_leave"):
        raise PermissionDenied
    rows = list(selectors.leave_queue(user=request.user)[:200])
    return render(request, "meetings/leave_queue.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def leave_decide(request: AuthedHttpRequest, leave_id: int) -> HttpResponse:
    from .forms import DecideForm

    leave = _leave(request, leave_id)
    if not request.user.has_perm("meetings.decide_leave", leave):
        raise PermissionDenied
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_decide(
                acting_user=request.user,
                leave=leave,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("审批结果已通知请假委员。"))
            return redirect("meetings:leave_queue")
    return render(
        request,
        "meetings/leave_decide.html",
        {"leave": leave, "form": form, "open": leave.status == LeaveStatus.REQUESTED},
    )


# --------------------------------------------------------------------------- speeches


@login_required
@require_http_methods(["GET", "POST"])
def speech_add(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    manage = request.user.has_perm("meetings.manage_meeting", meeting)
    if not manage and not request.user.has_perm("meetings.attend"):
        raise PermissionDenied
    members = None
    if manage:
        members = [(row.member.pk, row.member.name) for row in selectors.attendance_rows(meeting)]
    form = SpeechForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.speech_add(
                acting_user=request.user,
                meeting=meeting,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
                member_id=form.cleaned_data.get("member"),
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("发言已登记。"))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/speech_form.html", {"meeting": meeting, "form": form})


@login_required
@require_GET
def speech_file(request: AuthedHttpRequest, speech_id: int) -> FileResponse:
    speech = Speech.objects.filter(pk=speech_id).exclude(file="").first()
    if speech is None:
        raise Http404
    _meeting(request, speech.meeting_id)
    return protected_file_response(
        speech.file.open("rb"), filename=speech.file_name, content_type=speech.content_type
    )


# --------------------------------------------------------------------------- calendar


@login_required
@require_GET
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.attend"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(selectors.calendar_meetings(user=request.user, since=today.replace(day=1))[:200])
    feed = services.calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
    return render(
        request, "meetings/calendar.html", {"rows": rows, "feed_url": feed_url, "today": today}
    )


@login_required
@require_POST
def calendar_reset(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.attend"):
        raise PermissionDenied
    services.calendar_feed_reset(acting_user=request.user)
    messages.success(request, _("已生成新的订阅地址，旧地址不再可用。"))
    return redirect("meetings:calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed, opened by calendar apps without a session: the token is the secret.
    An unknown token is treated like a page that needs signing in."""
    row = CalendarFeed.objects.select_related("user").filter(token=token).first()
    user = row.user if row else None
    if user is None or not user.is_active or user.organisation_id != row.organisation_id:  # type: ignore[union-attr]
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    meetings = list(selectors.calendar_meetings(user=user))
    host = request.get_host().split(":")[0] or "ningju"
    text = ics.calendar(
        meetings,
        host=host,
        name=_("我的会议"),
        url_for={
            m.pk: request.build_absolute_uri(reverse("meetings:detail", args=[m.pk]))
            for m in meetings
        },
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
