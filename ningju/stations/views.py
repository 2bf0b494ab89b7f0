"""Station pages on /stations/: the list with the year's figures, a station (members, roster,
queue of public requests, receptions, activities), and the forms that change them.
Every change goes through `services`; DomainErrors land next to the field they name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.errors import PermissionDenied as DomainPermissionDenied
from ningju.core.http import AuthedHttpRequest
from ningju.core.masking import mask_name, mask_phone

from . import selectors, services
from .forms import ActivityForm, AssignForm, ReceptionForm, ShiftForm, StationForm
from .models import DutyShift, Reception, Station

RECEPTIONS_ON_DETAIL = 10
RECEPTIONS_PER_PAGE = 30
ROSTER_DAYS_BACK = 30


def _station(request: AuthedHttpRequest, station_id: int) -> Station:
    try:
        return selectors.station_get(user=request.user, station_id=station_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _manageable(request: AuthedHttpRequest, station_id: int) -> Station:
    station = _station(request, station_id)
    if not request.user.has_perm("stations.manage", station):
        raise PermissionDenied
    return station


def _show_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def result_url(reception: Reception) -> str:
    """Where the entry's 社情民意 or proposal draft lives."""
    if not reception.result_id:
        return ""
    try:
        if reception.result_kind == "opinion":
            return reverse("opinions:edit", args=[reception.result_id])
        return reverse("proposals:detail", args=[reception.result_id])
    except NoReverseMatch:
        return ""


def _masked(receptions: Any) -> list[Reception]:
    rows = list(receptions)
    for r in rows:
        r.masked_name = mask_name(r.visitor_name)
    return rows


@login_required
def station_list(request: AuthedHttpRequest) -> HttpResponse:
    try:
        stations = list(selectors.stations_visible_to(request.user).select_related("sector"))
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    figures = selectors.yearly_figures(station_ids=[s.pk for s in stations], year=year)
    rows = [(s, figures[s.pk]) for s in stations]
    return render(
        request,
        "stations/list.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 4, -1)),
            "can_create": request.user.has_perm("stations.create"),
        },
    )


def _form_data(form: StationForm) -> services.StationData:
    d = form.cleaned_data
    return services.StationData(
        name=d["name"],
        kind=d["kind"],
        address=d["address"],
        sector_id=getattr(d["sector"], "pk", None),
        opening_hours=d["opening_hours"],
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
        opened_on=d["opened_on"],
        description=d["description"],
        is_active=d["is_active"],
    )


@login_required
def station_create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("stations.create"):
        raise PermissionDenied
    org = request.user.principal.org
    form = StationForm(request.POST or None, organisation_id=org)
    if request.method == "POST" and form.is_valid():
        try:
            station = services.station_create(acting_user=request.user, data=_form_data(form))
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("联络站已建立。"))
            return redirect("stations:detail", station.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/form.html", {"form": form, "station": None}, status=status)


@login_required
def station_edit(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    station = _manageable(request, station_id)
    initial = {f: getattr(station, f) for f in services.STATION_FIELDS}
    form = StationForm(
        request.POST or None, initial=initial, organisation_id=station.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.station_update(
                acting_user=request.user, station=station, data=_form_data(form)
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("stations:detail", station.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/form.html", {"form": form, "station": station}, status=status)


@login_required
def station_detail(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    from ningju.voices.selectors import station_queue

    station = _station(request, station_id)
    user = request.user
    may_receive = user.has_perm("stations.receive", station)
    today = timezone.localdate()
    figures = selectors.yearly_figures(station_ids=[station.pk], year=today.year)[station.pk]
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "assignments": station.assignments.select_related("member"),
            "shifts": selectors.roster(station=station, start=today)[:10],
            "queue": station_queue(station_id=station.pk) if may_receive else [],
            "receptions": _masked(
                selectors.station_receptions(user=user, station=station)[:RECEPTIONS_ON_DETAIL]
            ),
            "activities": station.activities.prefetch_related("attendees")[:10],
            "figures": figures,
            "may_manage": user.has_perm("stations.manage", station),
            "may_receive": may_receive,
        },
    )


@login_required
def station_members(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    station = _manageable(request, station_id)
    form = AssignForm(request.POST or None, organisation_id=station.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.station_member_assign(
                acting_user=request.user,
                station=station,
                member_id=form.cleaned_data["member"].pk,
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("已安排。"))
            return redirect("stations:members", station.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "stations/members.html",
        {
            "station": station,
            "form": form,
            "assignments": station.assignments.select_related("member"),
        },
        status=status,
    )


@login_required
@require_POST
def station_member_remove(
    request: AuthedHttpRequest, station_id: int, member_id: int
) -> HttpResponse:
    station = _manageable(request, station_id)
    services.station_member_remove(acting_user=request.user, station=station, member_id=member_id)
    messages.success(request, _("已移出本站。"))
    return redirect("stations:members", station.pk)


@login_required
def roster(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    station = _station(request, station_id)
    may_manage = request.user.has_perm("stations.manage", station)
    form = ShiftForm(request.POST or None, station=station)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.shift_add(
                    acting_user=request.user,
                    station=station,
                    member_id=form.cleaned_data["member"].pk,
                    on_date=form.cleaned_data["on_date"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, _("已排班。"))
                return redirect("stations:roster", station.pk)
    start = timezone.localdate() - timedelta(days=ROSTER_DAYS_BACK)
    shifts = list(selectors.roster(station=station, start=start))
    member_id = request.user.principal.member_id
    today = timezone.localdate()
    for shift in shifts:
        may_mark = shift.status == "planned" and shift.on_date <= today
        shift.may_mark = may_mark and (may_manage or shift.member_id == member_id)  # type: ignore[attr-defined]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "stations/roster.html",
        {"station": station, "form": form, "shifts": shifts, "may_manage": may_manage},
        status=status,
    )


@login_required
@require_POST
def shift_mark(request: AuthedHttpRequest, shift_id: int) -> HttpResponse:
    shift = (
        DutyShift.objects.visible_to(request.user)
        .select_related("station")
        .filter(pk=shift_id)
        .first()
    )
    if shift is None or not request.user.has_perm("stations.view"):
        raise Http404
    if not request.user.has_perm("stations.complete_shift", shift):
        raise PermissionDenied
    try:
        services.shift_mark(
            acting_user=request.user, shift=shift, status=request.POST.get("status", "done")
        )
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("值班情况已记录。"))
    return redirect("stations:roster", shift.station_id)


@login_required
def reception_create(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    from ningju.voices.selectors import station_queue

    station = _station(request, station_id)
    if not request.user.has_perm("stations.receive", station):
        raise PermissionDenied
    answering = None
    request_id = request.GET.get("request") or request.POST.get("public_request")
    if request_id and str(request_id).isdigit():
        answering = station_queue(station_id=station.pk).filter(pk=int(request_id)).first()
    initial: dict[str, Any] = {}
    if answering is not None:
        initial = {
            "public_request": answering.pk,
            "channel": "online",
            "topic": answering.title,
            "issue": answering.text,
            "visitor_name": answering.requester_name,
        }
    if request.user.principal.member_id and not request.user.principal.has("office_staff"):
        initial["received_by"] = request.user.principal.member_id
    form = ReceptionForm(request.POST or None, initial=initial, station=station)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reception = services.reception_create(
                acting_user=request.user,
                station=station,
                data=services.ReceptionData(
                    received_at=d["received_at"],
                    channel=d["channel"],
                    visitor_name=d["visitor_name"],
                    visitor_phone=d["visitor_phone"],
                    topic=d["topic"],
                    issue=d["issue"],
                    handling=d["handling"],
                    handling_note=d["handling_note"],
                    referred_unit_id=getattr(d["referred_unit"], "pk", None),
                    satisfaction=d["satisfaction"],
                    received_by_id=getattr(d["received_by"], "pk", None),
                    public_request_id=d["public_request"],
                ),
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("接待登记已保存。"))
            return redirect("stations:reception_detail", reception.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "stations/reception_form.html",
        {"station": station, "form": form, "answering": answering},
        status=status,
    )


@login_required
def reception_list(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    station = _station(request, station_id)
    if not request.user.has_perm("stations.receive", station):
        raise PermissionDenied
    page = Paginator(
        selectors.station_receptions(user=request.user, station=station), RECEPTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    page.object_list = _masked(page.object_list)
    return render(request, "stations/receptions.html", {"station": station, "page": page})


@login_required
def reception_detail(request: AuthedHttpRequest, reception_id: int) -> HttpResponse:
    try:
        reception = selectors.reception_get(user=request.user, reception_id=reception_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    return render(
        request,
        "stations/reception_detail.html",
        {
            "reception": reception,
            "masked_name": mask_name(reception.visitor_name),
            "masked_phone": mask_phone(reception.visitor_phone),
            "may_convert": request.user.has_perm("stations.convert", reception),
            "result_url": result_url(reception),
            "requests": reception.public_requests.all(),
        },
    )


def _convert(request: AuthedHttpRequest, reception_id: int, kind: str) -> HttpResponse:
    try:
        reception = selectors.reception_get(user=request.user, reception_id=reception_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    if not request.user.has_perm("stations.convert", reception):
        raise PermissionDenied
    fn = services.reception_to_opinion if kind == "opinion" else services.reception_to_proposal
    try:
        target = fn(acting_user=request.user, reception=reception)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("stations:reception_detail", reception.pk)
    if kind == "opinion":
        messages.success(request, _("已生成社情民意草稿，请补充完善后报送。"))
        return redirect("opinions:edit", target.pk)
    messages.success(request, _("已生成提案草稿，请补充完善后提交。"))
    return redirect("proposals:edit", target.pk)


@login_required
@require_POST
def reception_to_opinion(request: AuthedHttpRequest, reception_id: int) -> HttpResponse:
    return _convert(request, reception_id, "opinion")


@login_required
@require_POST
def reception_to_proposal(request: AuthedHttpRequest, reception_id: int) -> HttpResponse:
    return _convert(request, reception_id, "proposal")


@login_required
def activity_create(request: AuthedHttpRequest, station_id: int) -> HttpResponse:
    station = _manageable(request, station_id)
    form = ActivityForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_create(
                acting_user=request.user,
                station=station,
                data=services.ActivityData(
                    kind=d["kind"],
                    title=d["title"],
                    held_on=d["held_on"],
                    summary=d["summary"],
                    attendee_ids=[m.pk for m in d["attendees"]],
                ),
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("活动已记录，参加的委员已记入履职。"))
            return redirect("stations:detail", station.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "stations/activity_form.html", {"station": station, "form": form}, status=status
    )
