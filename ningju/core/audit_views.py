"""The audit admin's window on the trail: search, export, chain status. Read-only."""

from __future__ import annotations

import csv
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningju.core.http import AuthedHttpRequest

from . import audit
from .models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("账号"), required=False, max_length=150)
    action = forms.CharField(label=gettext_lazy("操作"), required=False, max_length=80)
    date_from = forms.DateField(
        label=gettext_lazy("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    success = forms.ChoiceField(
        label=gettext_lazy("结果"),
        required=False,
        choices=[
            ("", gettext_lazy("全部")),
            ("1", gettext_lazy("成功")),
            ("0", gettext_lazy("失败")),
        ],
    )


def _filtered(request: AuthedHttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_username__icontains=data["actor"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            events = events.filter(
                occurred_at__gte=datetime.combine(data["date_from"], time.min, tz)
            )
        if data["date_to"]:
            events = events.filter(occurred_at__lte=datetime.combine(data["date_to"], time.max, tz))
        if data["success"]:
            events = events.filter(success=data["success"] == "1")
    return form, events.order_by("-sequence")


@login_required
def audit_list(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


@login_required
def audit_verify(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied
    result = audit.verify()
    return render(request, "core/audit_verify.html", {"result": result})


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Spreadsheets run a cell that starts like a formula; typed text never should."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: AuthedHttpRequest) -> StreamingHttpResponse:
    """CSV (UTF-8 with BOM so Excel opens Chinese text correctly), streamed."""
    if not request.user.has_perm("core.export_audit"):
        raise PermissionDenied
    _form, events = _filtered(request)
    audit.record(
        action="audit.export",
        actor=request.user,
        organisation=getattr(request.user, "organisation_id", None),
        after={"query": request.GET.urlencode()},
    )
    writer = csv.writer(_Echo())
    header = [
        _("序号"),
        _("时间"),
        _("账号"),
        _("组织"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("IP 地址"),
        _("是否成功"),
        _("变更前"),
        _("变更后"),
        _("哈希"),
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                _cell(v)
                for v in [
                    e.sequence,
                    timezone.localtime(e.occurred_at).isoformat(),
                    e.actor_username,
                    e.organisation_id or "",
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.ip_address or "",
                    "1" if e.success else "0",
                    e.before or "",
                    e.after or "",
                    e.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
