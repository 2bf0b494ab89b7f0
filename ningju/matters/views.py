"""办实事 pages: the working list (office, leaders, owners), register/edit, the detail page
with progress, evidence and the completion steps, and the public list of completed matters.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import protected_file_response
from ningju.suggestions.layout import public_layout
from ningju.suggestions.selectors import public_organisation, public_organisations

from . import deadlines, selectors, services
from .choices import Status
from .forms import EvidenceForm, MatterForm, ProgressForm, ReasonForm, ReportForm
from .models import Evidence, Matter
from .workflow import EDITABLE, EVIDENCE_OPEN

PAGE_SIZE = 20


def _field_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def _get(request: AuthedHttpRequest, pk: int) -> Matter:
    try:
        return selectors.matter_get(user=request.user, matter_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _annotate(matters: list[Matter]) -> list[Matter]:
    now = timezone.now()
    for matter in matters:
        matter.overdue = deadlines.is_overdue(matter, now=now)  # type: ignore[attr-defined]
        matter.due_soon = deadlines.is_due_soon(matter, now=now)  # type: ignore[attr-defined]
        matter.days_overdue = -deadlines.days_left(matter, now=now)  # type: ignore[attr-defined]
    return matters


@login_required
def matter_list(request: AuthedHttpRequest) -> HttpResponse:
    """Office staff and leaders: everything; members and units: what they own."""
    user = request.user
    if not user.has_perm("matters.list"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    queryset = selectors.matter_list(user=user, status=status, overdue=overdue)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _annotate(list(page.object_list))
    counts = selectors.matter_counts(user=user)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "matters/list.html",
        {
            "page": page,
            "status": status,
            "overdue": overdue,
            "tabs": [(value, label, counts[value]) for value, label in Status.choices],
            "counts": counts,
            "query_string": query_string.urlencode(),
            "can_create": user.has_perm("matters.create"),
        },
    )


@login_required
def matter_new(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("matters.create"):
        raise PermissionDenied
    form = MatterForm(
        request.POST or None,
        organisation_id=request.user.principal.org,
        initial={"is_public": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.matter_create(acting_user=request.user, data=form.to_data())
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已登记，已通知牵头委员和责任单位。"))
            return redirect("matters:detail", matter.pk)
    return render(request, "matters/form.html", {"form": form, "matter": None})


@login_required
def matter_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    matter = _get(request, pk)
    if not request.user.has_perm("matters.manage", matter) or matter.status not in EDITABLE:
        raise PermissionDenied
    initial = {
        name: getattr(matter, name)
        for name in (
            "title",
            "description",
            "beneficiaries",
            "location",
            "source_kind",
            "source_reference",
            "owner_member",
            "owner_unit",
            "deadline",
            "is_public",
            "public_request",
            "reception",
        )
    }
    form = MatterForm(request.POST or None, organisation_id=matter.organisation_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_update(acting_user=request.user, matter=matter, data=form.to_data())
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("matters:detail", matter.pk)
    return render(request, "matters/form.html", {"form": form, "matter": matter})


def _forms_for(
    user: Any, matter: Matter, data: Any = None, files: Any = None
) -> dict[str, forms.Form]:
    found: dict[str, forms.Form] = {}
    if user.has_perm("matters.work", matter):
        if matter.status in EDITABLE:
            found["progress"] = ProgressForm(
                data,
                prefix="progress",
                initial={
                    "happened_on": timezone.localdate(),
                    "percent": matter.percent,
                    "stage": matter.stage,
                },
            )
            found["report_done"] = ReportForm(data, prefix="report")
        if matter.status in EVIDENCE_OPEN:
            found["evidence"] = EvidenceForm(data, files, prefix="evidence")
    if user.has_perm("matters.manage", matter):
        if matter.status == Status.REPORTED:
            found["confirm"] = forms.Form(data)
            found["return"] = ReasonForm(data, prefix="return")
        if matter.status in EDITABLE:
            found["cancel"] = ReasonForm(data, prefix="cancel")
    return found


def _render_detail(
    request: AuthedHttpRequest,
    matter: Matter,
    action_forms: dict[str, forms.Form],
    status: int = 200,
) -> HttpResponse:
    _annotate([matter])
    return render(
        request,
        "matters/detail.html",
        {
            "m": matter,
            "forms": action_forms,
            "updates": list(matter.updates.select_related("author")),
            "evidence": list(matter.evidence.all()),
            "can_manage": request.user.has_perm("matters.manage", matter),
            "editable": matter.status in EDITABLE,
        },
        status=status,
    )


@login_required
def matter_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    matter = _get(request, pk)
    return _render_detail(request, matter, _forms_for(request.user, matter))


@login_required
@require_POST
def matter_act(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    matter = _get(request, pk)
    action_forms = _forms_for(request.user, matter, request.POST, request.FILES)
    form = action_forms.get(action)
    if form is None:
        if action in {"progress", "evidence", "report_done", "confirm", "return", "cancel"}:
            raise PermissionDenied
        raise Http404
    if form.is_valid():
        try:
            _run(request, matter, action, form.cleaned_data)
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("matters:detail", matter.pk)
    return _render_detail(request, matter, action_forms, status=400)


def _run(request: AuthedHttpRequest, matter: Matter, action: str, data: dict[str, Any]) -> None:
    user = request.user
    if action == "progress":
        services.matter_progress_add(
            acting_user=user,
            matter=matter,
            note=data["note"],
            percent=data["percent"],
            stage=data["stage"],
            happened_on=data["happened_on"],
        )
    elif action == "evidence":
        services.matter_evidence_add(
            acting_user=user, matter=matter, file=data["file"], caption=data["caption"]
        )
    elif action == "report_done":
        services.matter_report_done(acting_user=user, matter=matter, summary=data["summary"])
    elif action == "confirm":
        services.matter_confirm(acting_user=user, matter=matter)
    elif action == "return":
        services.matter_return(acting_user=user, matter=matter, reason=data["reason"])
    else:
        services.matter_cancel(acting_user=user, matter=matter, reason=data["reason"])


@login_required
def evidence_download(request: AuthedHttpRequest, pk: int, evidence_id: int) -> FileResponse:
    matter = _get(request, pk)
    evidence = Evidence.objects.filter(matter=matter, pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return protected_file_response(
        evidence.file.open("rb"), filename=evidence.file_name, content_type=evidence.content_type
    )


def public_done(request: HttpRequest) -> HttpResponse:
    """Completed matters, for anyone: no names of the public, no evidence files."""
    organisation = public_organisation(request.GET.get("org"))
    queryset = (
        selectors.matters_completed_public_queryset(organisation=organisation)
        if organisation
        else Matter.objects.none()
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "matters/public_done.html",
        {
            "layout": public_layout(),
            "page": page,
            "organisation": organisation,
            "organisations": public_organisations(),
            "query_string": query_string.urlencode(),
        },
    )
