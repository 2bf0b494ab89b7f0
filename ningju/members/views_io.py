"""Excel import and export of members, for office staff."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from ningju.core.errors import DomainError

from . import exporting, importing, selectors
from .forms import DirectoryFilterForm
from .models import MemberImport
from .tasks import run_member_import, save_progress_key

IMPORT_PERM = "members.import_members"
EXPORT_PERM = "members.export_members"
RUNNING = (MemberImport.Status.PENDING, MemberImport.Status.VALIDATING)


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name) or ""
    add_never_cache_headers(response)  # may hold personal data: never kept by a proxy
    return response


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("请使用下载的模板填写。文件不超过 5 MB，一次最多 5000 行。"),
        error_messages={
            "required": _("请选择要上传的 Excel 文件。"),
            "empty": _("上传的文件是空的。"),
            "invalid": _("没有收到文件，请重新选择后上传。"),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    content: bytes = b""
    row_count: int = 0

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            importing.check_upload(upload.name, upload.size)
            content = upload.read()
            # The file-level checks run now, so a wrong file is reported next to the field
            # and nothing is created; the rows are checked by the background task.
            self.row_count = len(importing.read_rows(content))
        except importing.WorkbookError as exc:
            raise exc.as_validation_error() from exc
        self.content = content
        return upload


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """下载模板: headers, dropdowns and the 填写说明 sheet for the staff member's organisation."""
    _require(request, IMPORT_PERM)
    organisation = request.user.organisation  # type: ignore[union-attr]
    if organisation is None:
        raise PermissionDenied
    content = importing.build_template(organisation)
    return _xlsx_response(content, "委员信息导入模板.xlsx")


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in sheet; the rows are checked and committed in the background."""
    _require(request, IMPORT_PERM)
    organisation = request.user.organisation  # type: ignore[union-attr]
    if organisation is None:
        raise PermissionDenied
    term = organisation.current_term()
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and term is None:
        form.add_error(None, importing.MSG_NO_TERM)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = MemberImport.objects.create(
            organisation=organisation,
            uploaded_by=request.user,  # type: ignore[misc]
            file_name=(upload.name or "")[:200],
            content=form.content,
            total_rows=form.row_count,
        )
        transaction.on_commit(partial(run_member_import.enqueue, job.pk))
        return redirect("members:import_status", import_id=job.pk)
    recent = (
        MemberImport.objects.visible_to(request.user)
        .select_related("uploaded_by")
        .defer("content")[:10]
    )
    return render(request, "members/import.html", {"form": form, "term": term, "recent": recent})


def _visible_import(request: HttpRequest, import_id: int) -> MemberImport:
    job = (
        MemberImport.objects.visible_to(request.user)
        .select_related("uploaded_by")
        .defer("content")
        .filter(pk=import_id)
        .first()
    )
    if job is None:
        raise Http404
    return job


def _status_context(job: MemberImport) -> dict[str, Any]:
    running = job.status in RUNNING
    checked = job.total_rows > 0 and job.processed_rows >= job.total_rows
    saving = job.status == MemberImport.Status.VALIDATING and checked
    saved = cache.get(save_progress_key(job.pk)) if saving else None
    problems = importing.describe_all(job.errors or [])
    return {
        "job": job,
        "running": running,
        "saving": saving,
        "saved": saved,
        "problems": problems,
        "row_problems": [p for p in problems if p["row"]],
        "file_problems": [p for p in problems if not p["row"]],
    }


@login_required
def import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    """Progress while the file is being handled (htmx polls the fragment), then the result."""
    _require(request, IMPORT_PERM)
    job = _visible_import(request, import_id)
    context = _status_context(job)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "members/_import_status.html", context)
    else:
        response = render(request, "members/import_status.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def import_errors(request: HttpRequest, import_id: int) -> HttpResponse:
    """The problem list of an import as .xlsx, in the user's language."""
    _require(request, IMPORT_PERM)
    job = _visible_import(request, import_id)
    if not job.errors:
        raise Http404
    content = importing.build_problem_workbook(job.errors)
    stamp = timezone.localtime(job.created_at)
    return _xlsx_response(content, f"导入错误清单_{stamp:%Y%m%d-%H%M}.xlsx")


class MemberExportForm(DirectoryFilterForm):
    """The directory's filters, plus the explicit request for full personal data."""

    def __init__(self, *args: Any, can_reveal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if can_reveal:
            self.fields["full_data"] = forms.BooleanField(
                label=_("导出完整的身份证号、手机号和通讯地址"),
                required=False,
                help_text=_("不勾选时这些信息脱敏导出。勾选后导出完整信息，并记入审计日志。"),
            )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出: choose filters (prefilled from the directory) and download the .xlsx."""
    _require(request, EXPORT_PERM)
    can_reveal = request.user.has_perm(exporting.REVEAL_PERM)
    organisation_id = request.user.principal.organisation_id  # type: ignore[union-attr]
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = MemberExportForm(
        data,
        organisation_id=organisation_id,
        can_reveal=can_reveal,
        initial={"term": getattr(selectors.default_term(request.user), "pk", None)},
    )
    if request.method == "POST" and form.is_valid():
        unmasked = can_reveal and bool(form.cleaned_data.get("full_data"))
        try:
            result = exporting.export_directory(
                user=request.user,
                filters=exporting.filters_from(form.cleaned_data),
                unmasked=unmasked,
            )
        except DomainError as exc:
            raise PermissionDenied from exc
        return _xlsx_response(result.content, result.file_name)
    filter_fields = [field for field in form if field.name != "full_data"]
    full_data = form["full_data"] if "full_data" in form.fields else None
    return render(
        request,
        "members/import_export.html",
        {"form": form, "filter_fields": filter_fields, "full_data": full_data},
    )
