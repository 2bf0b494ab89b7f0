"""Study pages (/study/): the six study kinds, 书香政协 reading (我的读书, books, groups),
and the office's own study calendar (周学、月讲、季培训) and staff talks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import protected_file_response
from ningju.members.models import Member

from . import selectors, services
from .choices import Cadence, StudyKind
from .forms import (
    AttendanceForm,
    BookForm,
    CheckInForm,
    MaterialForm,
    NoteForm,
    ReadingGroupForm,
    ReadingNoteForm,
    StaffStudyItemForm,
    StaffTalkForm,
    StudySessionForm,
)
from .models import StaffStudyItem, StudyAttendance, StudyMaterial, StudyNote
from .views_common import add_errors, get_or_404, inline_image, int_param, paginate, require


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    """Study sessions of the six kinds, newest first, with a count per kind this year."""
    require(request, "study.view")
    kind = request.GET.get("kind", "")
    kind = kind if kind in StudyKind.values else ""
    year = selectors.this_year()
    counts = selectors.study_counts_by_kind(user=request.user, year=year)
    return render(
        request,
        "activities/study/index.html",
        {
            "page": paginate(request, selectors.study_sessions(user=request.user, kind=kind)),
            "kinds": [(value, label, counts.get(value, 0)) for value, label in StudyKind.choices],
            "kind": kind,
            "year": year,
            "is_staff": request.user.has_perm("study.manage"),
            "query_string": f"kind={kind}" if kind else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.manage")
    form = StudySessionForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.study_session_create(
                acting_user=request.user, data=services.StudySessionData(**form.cleaned_data)
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("学习活动已保存。"))
            return redirect("study:detail", session.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("新建学习活动"), "back": "study:index"},
        status=_status(form),
    )


def _session(request: AuthedHttpRequest, session_id: int) -> Any:
    require(request, "study.view")
    return get_or_404(selectors.study_session_get, user=request.user, session_id=session_id)


@login_required
@require_GET
def session_detail(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    user = request.user
    is_staff = user.has_perm("study.manage")
    attending = set(
        StudyAttendance.objects.filter(session=session).values_list("member_id", flat=True)
    )
    members = list(selectors.organisation_members(user=user)) if is_staff else []
    notes = list(StudyNote.objects.filter(session=session).select_related("member"))
    my_note = next((n for n in notes if n.member_id == user.principal.member_id), None)
    return render(
        request,
        "activities/study/detail.html",
        {
            "session": session,
            "materials": list(session.materials.all()),
            "attendees": Member.objects.filter(pk__in=attending).order_by("name_sort_key"),
            "notes": notes,
            "is_staff": is_staff,
            "held": session.held_on <= selectors.today(),
            "attendance_form": AttendanceForm(
                members=members, initial={"member_ids": sorted(attending)}
            )
            if is_staff
            else None,
            "material_form": MaterialForm() if is_staff else None,
            "note_form": NoteForm(initial={"text": my_note.text if my_note else ""})
            if user.has_perm("study.write_note")
            else None,
        },
    )


@login_required
@require_POST
def attendance(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request, "study.manage")
    form = AttendanceForm(request.POST, members=selectors.organisation_members(user=request.user))
    if form.is_valid():
        try:
            services.study_attendance_set(
                acting_user=request.user,
                session=session,
                member_ids=form.cleaned_data["member_ids"],
            )
            messages.success(request, _("出勤已登记。"))
        except DomainError as exc:
            for message in (exc.detail or {"": exc.message}).values():
                messages.error(request, str(message))
    else:
        messages.error(request, _("出勤名单有误，请重新勾选。"))
    return redirect("study:detail", session.pk)


@login_required
@require_POST
def material_add(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request, "study.manage")
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.study_material_add(
                acting_user=request.user, session=session, file=form.cleaned_data["file"]
            )
            messages.success(request, _("学习材料已上传。"))
        except DomainError as exc:
            for message in (exc.detail or {"": exc.message}).values():
                messages.error(request, str(message))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("study:detail", session.pk)


@login_required
@require_GET
def material(request: AuthedHttpRequest, material_id: int) -> FileResponse:
    require(request, "study.view")
    row = StudyMaterial.objects.filter(
        pk=material_id, session__in=selectors.study_sessions(user=request.user)
    ).first()
    if row is None:
        raise Http404
    return protected_file_response(
        row.file.open("rb"), filename=row.original_name, content_type=row.content_type
    )


@login_required
@require_POST
def note(request: AuthedHttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request, "study.write_note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.study_note_save(
                acting_user=request.user, session=session, text=form.cleaned_data["text"]
            )
            messages.success(request, _("学习心得已保存。"))
            return redirect("study:detail", session.pk)
        except DomainError as exc:
            add_errors(form, exc)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("我的学习心得"), "back": "study:index"},
        status=400,
    )


# --------------------------------------------------------------------------- reading


def _reading_page(
    request: AuthedHttpRequest,
    *,
    checkin_form: CheckInForm | None = None,
    note_form: ReadingNoteForm | None = None,
) -> HttpResponse:
    organisation_id = request.user.principal.org
    member = Member.objects.get(pk=request.user.principal.member_id or 0)
    checkin_form = checkin_form or CheckInForm(
        organisation_id=organisation_id, initial={"read_on": selectors.today()}
    )
    note_form = note_form or ReadingNoteForm(organisation_id=organisation_id)
    bound = (checkin_form.is_bound and checkin_form.errors) or note_form.is_bound
    return render(
        request,
        "activities/study/reading.html",
        {
            "reading": selectors.reading_summary_for_member(member=member),
            "page": paginate(request, selectors.my_checkins(user=request.user)),
            "notes": selectors.my_reading_notes(user=request.user)[:20],
            "groups": member.reading_groups.all(),
            "checkin_form": checkin_form,
            "note_form": note_form,
        },
        status=400 if bound else 200,
    )


@login_required
@require_GET
def reading(request: AuthedHttpRequest) -> HttpResponse:
    """我的读书: the member's check-ins, notes and totals, with the check-in form."""
    require(request, "study.read")
    return _reading_page(request)


@login_required
@require_POST
def checkin(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.read")
    form = CheckInForm(request.POST, organisation_id=request.user.principal.org)
    if form.is_valid():
        try:
            services.checkin_create(
                acting_user=request.user, data=services.CheckInData(**form.cleaned_data)
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("打卡成功。"))
            return redirect("study:reading")
    return _reading_page(request, checkin_form=form)


@login_required
@require_POST
def reading_note(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.read")
    form = ReadingNoteForm(request.POST, organisation_id=request.user.principal.org)
    if form.is_valid():
        try:
            services.reading_note_add(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("读书笔记已保存。"))
            return redirect("study:reading")
    return _reading_page(request, note_form=form)


@login_required
@require_GET
def books(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.view")
    return render(
        request,
        "activities/study/books.html",
        {"page": paginate(request, selectors.books_visible_to(user=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def book_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.view")
    form = BookForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.book_add(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("图书已添加。"))
            return redirect("study:books")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("添加图书"), "back": "study:books", "multipart": True},
        status=_status(form),
    )


@login_required
@require_GET
def book_cover(request: AuthedHttpRequest, book_id: int) -> FileResponse:
    require(request, "study.view")
    book = get_or_404(selectors.book_get, user=request.user, book_id=book_id)
    if not book.cover:
        raise Http404
    return inline_image(book.cover.name)


@login_required
@require_GET
def groups(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.view")
    return render(
        request,
        "activities/study/groups.html",
        {
            "groups": selectors.reading_groups(user=request.user),
            "is_staff": request.user.has_perm("study.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.manage")
    form = ReadingGroupForm(
        request.POST if request.method == "POST" else None,
        members=selectors.organisation_members(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.reading_group_save(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("读书小组已保存。"))
            return redirect("study:group", group.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("新建读书小组"), "back": "study:groups"},
        status=_status(form),
    )


@login_required
@require_GET
def group_detail(request: AuthedHttpRequest, group_id: int) -> HttpResponse:
    require(request, "study.view")
    group = get_or_404(selectors.reading_group_get, user=request.user, group_id=group_id)
    return render(
        request,
        "activities/study/group_detail.html",
        {"group": group, "rows": selectors.group_member_reading(group)},
    )


# --------------------------------------------------------------------------- staff study


@login_required
@require_GET
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    """周学、月讲、季培训: this year's plan, my completion, and everyone's completion."""
    require(request, "study.staff_calendar")
    year = int_param(request, "year") or selectors.this_year()
    items = list(selectors.staff_calendar(user=request.user, year=year))
    return render(
        request,
        "activities/study/calendar.html",
        {
            "year": year,
            "sections": [
                (value, label, [i for i in items if i.cadence == value])
                for value, label in Cadence.choices
            ],
            "completion": selectors.staff_completion(user=request.user, year=year),
            "talks": selectors.staff_talks(user=request.user)[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.staff_calendar")
    form = StaffStudyItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_study_item_create(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("学习计划已添加。"))
            return redirect("study:calendar")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("添加机关学习计划"), "back": "study:calendar"},
        status=_status(form),
    )


@login_required
@require_POST
def calendar_mark(request: AuthedHttpRequest, item_id: int) -> HttpResponse:
    require(request, "study.staff_calendar")
    row = StaffStudyItem.objects.visible_to(request.user).filter(pk=item_id).first()
    if row is None:
        raise Http404
    done = request.POST.get("done") == "1"
    services.staff_study_mark(acting_user=request.user, item=row, done=done)
    messages.success(request, _("已记录完成情况。") if done else _("已改为未完成。"))
    return redirect(f"{reverse('study:calendar')}?year={row.planned_on.year}")


@login_required
@require_GET
def talks(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.staff_calendar")
    return render(
        request,
        "activities/study/talks.html",
        {"page": paginate(request, selectors.staff_talks(user=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def talk_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "study.staff_calendar")
    form = StaffTalkForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        staff=selectors.staff_of_organisation(user=request.user),
        initial={"speaker_id": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_talk_create(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("上台讲记录已保存。"))
            return redirect("study:talks")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("记录机关干部上台讲"), "back": "study:talks", "multipart": True},
        status=_status(form),
    )


@login_required
@require_GET
def talk_material(request: AuthedHttpRequest, talk_id: int) -> FileResponse:
    if not request.user.has_perm("study.staff_calendar"):
        raise PermissionDenied
    talk = get_or_404(selectors.staff_talk_get, user=request.user, talk_id=talk_id)
    if not talk.material:
        raise Http404
    return protected_file_response(
        talk.material.open("rb"), filename=talk.material_name, content_type=talk.material_type
    )
