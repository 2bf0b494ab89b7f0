"""Office pages on /voices/: the queue (held ones first), a request with its moderation
reasons and likely duplicates, release/reject/merge, routing, the outcome and publishing.
Receivers (a member, a station's members, a unit's officer) use the same detail page to
record the outcome."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ningju.accounts.choices import Role
from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.masking import mask_name, mask_phone
from ningju.core.models import AuditEvent

from . import selectors, services
from .choices import Status
from .forms import AnswerForm, MergeForm, RejectForm, RouteForm
from .models import PublicRequest
from .services import Route, format_code
from .similar import likely_duplicates
from .workflow import allowed_actions

PAGE_SIZE = 30
ACTION_LABELS = {
    "voices.submit": gettext_lazy("群众提交"),
    "voices.release": gettext_lazy("放行受理"),
    "voices.reject": gettext_lazy("不予受理"),
    "voices.merge": gettext_lazy("合并"),
    "voices.route": gettext_lazy("转办"),
    "voices.answer": gettext_lazy("填写办理结果"),
    "voices.publish": gettext_lazy("公开办理结果"),
    "voices.unpublish": gettext_lazy("撤下公开"),
    "voices.phone_view": gettext_lazy("查看完整手机号"),
}


def _may_use(request: AuthedHttpRequest) -> None:
    principal = request.user.principal
    if not (principal.has(Role.OFFICE_STAFF, Role.UNIT_OFFICER) or principal.member_id):
        raise PermissionDenied


def _get(request: AuthedHttpRequest, request_id: int) -> PublicRequest:
    _may_use(request)
    try:
        return selectors.request_get(user=request.user, request_id=request_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _show_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@login_required
def request_list(request: AuthedHttpRequest) -> HttpResponse:
    _may_use(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    qs = selectors.request_list(user=request.user, status=status, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.masked_name = mask_name(item.requester_name)  # type: ignore[attr-defined]
        item.code_display = format_code(item.code)  # type: ignore[attr-defined]
    held = (
        selectors.requests_visible_to(request.user).filter(status=Status.HELD).count()
        if request.user.principal.has(Role.OFFICE_STAFF)
        else 0
    )
    params = [f"{k}={v}" for k, v in (("status", status), ("q", query)) if v]
    return render(
        request,
        "voices/list.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "held_count": held,
            "query_string": "&".join(params),
        },
    )


def _detail_context(request: AuthedHttpRequest, item: PublicRequest, **forms_: Any) -> dict:
    user = request.user
    may_moderate = user.has_perm("voices.moderate", item)
    actions = set(allowed_actions(item.status))
    duplicates = likely_duplicates(item) if may_moderate and item.status == Status.RECEIVED else []
    history = list(
        AuditEvent.objects.filter(object_type="voices.publicrequest", object_id=str(item.pk))
        .order_by("sequence")
        .only("occurred_at", "action", "actor_username")
        if may_moderate
        else []
    )
    for event in history:
        event.label = ACTION_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return {
        "item": item,
        "code": format_code(item.code),
        "masked_phone": mask_phone(item.phone),
        "masked_name": mask_name(item.requester_name),
        "may_moderate": may_moderate,
        "may_answer": user.has_perm("voices.answer", item) and "answer" in actions,
        "can": {
            a: may_moderate and a in actions
            for a in ("release", "reject", "merge", "route", "publish", "unpublish")
        },
        "duplicates": duplicates,
        "history": history,
        "reject_form": forms_.get("reject_form") or RejectForm(),
        "answer_form": forms_.get("answer_form") or AnswerForm(initial={"outcome": item.outcome}),
        "revealed_phone": forms_.get("revealed_phone", ""),
        "station_queue": item.route_kind == "station" and item.status == Status.ROUTED,
    }


@login_required
def request_detail(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    return render(request, "voices/detail.html", _detail_context(request, item))


def _act(
    request: AuthedHttpRequest, request_id: int, fn: Any, done: str, **kwargs: Any
) -> HttpResponse:
    item = _get(request, request_id)
    if not request.user.has_perm("voices.moderate", item):
        raise PermissionDenied
    try:
        fn(acting_user=request.user, request=item, **kwargs)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("voices:detail", item.pk)


@login_required
@require_POST
def release(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    return _act(request, request_id, services.request_release, _("已放行，诉求转为已受理。"))


@login_required
@require_POST
def reject(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    if not request.user.has_perm("voices.moderate", item):
        raise PermissionDenied
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.request_reject(
                acting_user=request.user, request=item, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("已作不予受理处理。"))
            return redirect("voices:detail", item.pk)
    return render(
        request, "voices/detail.html", _detail_context(request, item, reject_form=form), status=400
    )


@login_required
@require_POST
def merge(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    if not request.user.has_perm("voices.moderate", item):
        raise PermissionDenied
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要合并到的诉求。"))
        return redirect("voices:detail", item.pk)
    try:
        into = services.request_by_id_for_merge(
            user=request.user, request_id=form.cleaned_data["into"]
        )
        services.request_merge(acting_user=request.user, request=item, into=into)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已合并，提出人可用原查询码看到合并后的进展。"))
    return redirect("voices:detail", item.pk)


@login_required
def route(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    if not request.user.has_perm("voices.moderate", item):
        raise PermissionDenied
    if "route" not in allowed_actions(item.status):
        messages.error(request, _("当前状态下不能转办。"))
        return redirect("voices:detail", item.pk)
    form = RouteForm(request.POST or None, organisation_id=item.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_route(
                acting_user=request.user,
                request=item,
                route=Route(
                    kind=data["kind"],
                    member_id=getattr(data["member"], "pk", None),
                    station_id=getattr(data["station"], "pk", None),
                    unit_id=getattr(data["unit"], "pk", None),
                    note=data["note"],
                ),
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("已转办，并已通知接收方。"))
            return redirect("voices:detail", item.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "voices/route.html",
        {"item": item, "form": form, "code": format_code(item.code)},
        status=status,
    )


@login_required
@require_POST
def answer(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    if not request.user.has_perm("voices.answer", item):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                acting_user=request.user, request=item, outcome=form.cleaned_data["outcome"]
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("办理结果已保存，提出人可凭查询码查看。"))
            return redirect("voices:detail", item.pk)
    return render(
        request, "voices/detail.html", _detail_context(request, item, answer_form=form), status=400
    )


@login_required
@require_POST
def publish(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    return _act(request, request_id, services.request_publish, _("已在“有事来商量”页面公开。"))


@login_required
@require_POST
def unpublish(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    return _act(request, request_id, services.request_unpublish, _("已撤下公开。"))


@login_required
@require_POST
def phone(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    item = _get(request, request_id)
    try:
        number = services.request_phone_reveal(acting_user=request.user, request=item)
    except DomainError as exc:
        raise PermissionDenied from exc
    return render(
        request, "voices/detail.html", _detail_context(request, item, revealed_phone=number)
    )
