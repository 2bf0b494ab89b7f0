"""微建议 pages: the public form and list (no account), the member's own, the work queue of
office staff and handling units, and the detail page with its actions.

Views are thin: permission checks early (403 for a page the role may not use, 404 for a
suggestion the person may not see), then a service; a DomainError lands next to its field.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.masking import mask_phone
from ningju.core.middleware import client_ip
from ningju.orgs.models import HandlingUnit, Office

from . import selectors, services
from .choices import Status
from .forms import (
    ApproveForm,
    AssignForm,
    PublicSuggestionForm,
    ReasonForm,
    ReplyForm,
    SuggestionForm,
)
from .layout import public_layout
from .models import Suggestion
from .workflow import allowed_actions

PAGE_SIZE = 20


def _field_error(form: forms.Form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


# --------------------------------------------------------------------------- public


def public_list(request: HttpRequest) -> HttpResponse:
    """Replied suggestions the office approved for publication, for anyone."""
    organisations = selectors.public_organisations()
    organisation = selectors.public_organisation(request.GET.get("org"))
    query = request.GET.get("q", "").strip()[:60]
    queryset = (
        selectors.suggestions_published(organisation=organisation, query=query)
        if organisation
        else Suggestion.objects.none()
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "suggestions/public_list.html",
        {
            "layout": public_layout(),
            "page": page,
            "organisation": organisation,
            "organisations": organisations,
            "query": query,
            "query_string": query_string.urlencode(),
        },
    )


def public_new(request: HttpRequest) -> HttpResponse:
    """The anonymous form: optional name and phone, consent, honeypot, rate limit per IP."""
    organisations = selectors.public_organisations()
    chosen = selectors.public_organisation(request.GET.get("org"))
    max_length = selectors.settings_for(chosen.pk).max_length if chosen else 500
    initial = {"organisation": chosen.pk if chosen else None}
    form = PublicSuggestionForm(
        request.POST or None, organisations=organisations, initial=initial, max_length=max_length
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled the hidden field: answer as if accepted, keep nothing.
            return redirect("suggestions:public_sent")
        try:
            services.suggestion_submit_public(
                organisation=data["organisation"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                name=data["name"],
                phone=data["phone"],
                consent=data["consent"],
                ip_address=client_ip(request) or "unknown",
            )
        except services.RateLimited as exc:
            form.add_error(None, str(exc.message))
            status = 429
        except DomainError as exc:
            _field_error(form, exc)
        else:
            return redirect("suggestions:public_sent")
    return render(
        request,
        "suggestions/public_new.html",
        {"layout": public_layout(), "form": form, "max_length": max_length},
        status=status,
    )


def public_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "suggestions/public_sent.html", {"layout": public_layout()})


# --------------------------------------------------------------------------- members


@login_required
def mine(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("suggestions.submit"):
        raise PermissionDenied
    page = Paginator(selectors.suggestions_mine(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "suggestions/mine.html", {"page": page})


@login_required
def member_new(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("suggestions.submit"):
        raise PermissionDenied
    max_length = selectors.settings_for(request.user.principal.org).max_length
    form = SuggestionForm(request.POST or None, max_length=max_length)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_submit_member(
                acting_user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                category=form.cleaned_data["category"],
            )
        except DomainError as exc:
            _field_error(form, exc)
        else:
            if suggestion.status == Status.HELD:
                messages.info(request, _("已收到。内容需工作人员核对后再进入办理。"))
            else:
                messages.success(request, _("微建议已提交，办公室将尽快分办。"))
            return redirect("suggestions:detail", suggestion.pk)
    return render(request, "suggestions/member_new.html", {"form": form, "max_length": max_length})


# --------------------------------------------------------------------------- work


@login_required
def queue(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("suggestions.view_queue"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    counts = selectors.suggestion_counts(user=request.user)
    queryset = selectors.suggestion_queue(user=request.user, status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    tabs = [(value, label, counts[value]) for value, label in Status.choices]
    return render(
        request,
        "suggestions/queue.html",
        {
            "page": page,
            "status": status,
            "tabs": tabs,
            "total": sum(counts.values()),
            "query_string": query_string.urlencode(),
        },
    )


def _get(request: AuthedHttpRequest, pk: int) -> Suggestion:
    try:
        return selectors.suggestion_get(user=request.user, suggestion_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _forms_for(user: Any, suggestion: Suggestion, data: Any = None) -> dict[str, forms.Form]:
    """The action forms this person may use on this suggestion now."""
    actions = set(allowed_actions(suggestion.status))
    found: dict[str, forms.Form] = {}
    if user.has_perm("suggestions.triage", suggestion):
        if "release" in actions:
            found["release"] = forms.Form(data)
        if "reject" in actions:
            found["reject"] = ReasonForm(data, prefix="reject")
        if "assign" in actions:
            found["assign"] = AssignForm(
                data, organisation_id=suggestion.organisation_id, prefix="assign"
            )
        if "publish" in actions:
            found["publish"] = ApproveForm(
                data, initial={"reply": suggestion.reply}, prefix="approve"
            )
            found["return"] = ReasonForm(data, prefix="return")
    if "reply" in actions and user.has_perm("suggestions.reply", suggestion):
        found["reply"] = ReplyForm(data, initial={"reply": suggestion.reply}, prefix="reply")
    return found


@login_required
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    suggestion = _get(request, pk)
    return _render_detail(request, suggestion, _forms_for(request.user, suggestion))


def _render_detail(
    request: AuthedHttpRequest,
    suggestion: Suggestion,
    action_forms: dict[str, forms.Form],
    status: int = 200,
    revealed_phone: str = "",
) -> HttpResponse:
    is_staff = request.user.has_perm("suggestions.triage", suggestion)
    return render(
        request,
        "suggestions/detail.html",
        {
            "s": suggestion,
            "forms": action_forms,
            "is_staff": is_staff,
            "masked_phone": mask_phone(suggestion.public_phone) if is_staff else "",
            "revealed_phone": revealed_phone,
            # The author sees the reply only once the office approved it.
            "show_reply": bool(suggestion.reply)
            and (
                suggestion.status == Status.CLOSED
                or is_staff
                or request.user.has_perm("suggestions.reply", suggestion)
            ),
        },
        status=status,
    )


@login_required
@require_POST
def act(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    suggestion = _get(request, pk)
    if action == "reveal":
        try:
            phone = services.suggestion_phone_reveal(
                acting_user=request.user, suggestion=suggestion
            )
        except DomainError as exc:
            raise PermissionDenied from exc
        return _render_detail(
            request, suggestion, _forms_for(request.user, suggestion), revealed_phone=phone
        )
    action_forms = _forms_for(request.user, suggestion, request.POST)
    key = "publish" if action == "close" else action
    form = action_forms.get(key)
    if form is None:
        if action in {"release", "reject", "assign", "publish", "close", "return", "reply"}:
            raise PermissionDenied
        raise Http404
    if form.is_valid():
        try:
            _run(request, suggestion, action, form)
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("suggestions:detail", suggestion.pk)
    return _render_detail(request, suggestion, action_forms, status=400)


def _run(request: AuthedHttpRequest, suggestion: Suggestion, action: str, form: forms.Form) -> None:
    user = request.user
    data = form.cleaned_data
    if action == "release":
        services.suggestion_release(acting_user=user, suggestion=suggestion)
    elif action == "reject":
        services.suggestion_reject(acting_user=user, suggestion=suggestion, reason=data["reason"])
    elif action == "assign":
        kind, target_id = cast(AssignForm, form).target()
        unit = HandlingUnit.objects.filter(pk=target_id).first() if kind == "unit" else None
        office = Office.objects.filter(pk=target_id).first() if kind == "office" else None
        if unit is None and office is None:
            raise DomainError(_("请选择一个办理单位或一个科室。"), field="assignee")
        services.suggestion_assign(
            acting_user=user, suggestion=suggestion, unit=unit, office=office, note=data["note"]
        )
    elif action == "reply":
        services.suggestion_reply(acting_user=user, suggestion=suggestion, reply=data["reply"])
    elif action == "return":
        services.suggestion_return(acting_user=user, suggestion=suggestion, reason=data["reason"])
    else:
        services.suggestion_close(
            acting_user=user,
            suggestion=suggestion,
            publish=action == "publish",
            reply=data["reply"],
        )
