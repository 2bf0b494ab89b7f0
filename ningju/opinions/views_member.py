"""Member pages: drafting (with autosave), submitting, withdrawing, attachments, and
"我的社情民意". Every change goes through services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import protected_file_response

from . import selectors, services
from .choices import Status
from .defaults import settings_for
from .forms import AttachmentForm, OpinionForm
from .models import Attachment, Opinion
from .workflow import EDITABLE

WITHDRAWABLE = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


def get_opinion(request: AuthedHttpRequest, opinion_id: int) -> Opinion:
    """404 for an item this person may not see (missing and forbidden look the same)."""
    try:
        return selectors.opinion_get(user=request.user, opinion_id=opinion_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _require_author(request: AuthedHttpRequest, opinion: Opinion) -> None:
    if not request.user.has_perm("opinions.edit_draft", opinion):
        raise PermissionDenied


def add_domain_errors(form: Any, exc: DomainError) -> None:
    """Every message of the service next to its field; the rest above the form."""
    errors: dict[str | None, Any] = (
        dict(exc.detail) if exc.detail and "status" not in exc.detail else {exc.field: exc.message}
    )
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, str(message))


def _render_form(
    request: AuthedHttpRequest, form: OpinionForm, opinion: Opinion | None, **extra: Any
) -> HttpResponse:
    max_length = settings_for(request.user.principal.org).max_length
    body_length = sum(
        len(str(form[name].value() or "").replace("\r\n", "\n"))
        for name in ("situation", "analysis", "suggestion")
    )
    context = {
        "form": form,
        "opinion": opinion,
        "max_length": max_length,
        "body_length": body_length,
        "save_url": reverse("opinions:edit", args=[opinion.pk])
        if opinion
        else reverse("opinions:create"),
        "autosave_url": reverse("opinions:autosave", args=[opinion.pk])
        if opinion
        else reverse("opinions:create"),
        "attachment_form": AttachmentForm(),
        "attachments": list(opinion.attachments.all()) if opinion else [],
        **extra,
    }
    return render(request, "opinions/member/form.html", context, status=extra.get("status", 200))


def _form(
    request: AuthedHttpRequest, opinion: Opinion | None = None, *, bound: bool = False
) -> OpinionForm:
    return OpinionForm(
        request.POST if bound else None,
        initial=OpinionForm.initial_for(opinion) if opinion is not None else None,
    )


def _save(request: AuthedHttpRequest, form: OpinionForm, opinion: Opinion | None) -> Opinion:
    data = form.data_for_service()
    if opinion is None:
        return services.opinion_draft_create(acting_user=request.user, **data)
    return services.opinion_draft_save(acting_user=request.user, opinion=opinion, **data)


def _status(
    request: AuthedHttpRequest,
    message: str,
    *,
    ok: bool = True,
    opinion: Opinion | None = None,
    new: bool = False,
) -> HttpResponse:
    response = render(
        request,
        "opinions/member/_autosave_status.html",
        {"message": message, "ok": ok, "opinion": opinion, "new": new},
    )
    if new and opinion is not None:
        response["HX-Replace-Url"] = reverse("opinions:edit", args=[opinion.pk])
    return response


def _has_content(form: OpinionForm) -> bool:
    return any(
        (form.cleaned_data.get(name) or "").strip()
        for name in ("title", "situation", "analysis", "suggestion", "source_note")
    )


def _autosave(request: AuthedHttpRequest, opinion: Opinion | None) -> HttpResponse:
    form = _form(request, opinion, bound=True)
    if not form.is_valid():
        return _status(
            request,
            _("有内容不符合要求，未能自动保存，请检查标红的内容。"),
            ok=False,
            opinion=opinion,
        )
    if opinion is None and not _has_content(form):
        return _status(request, _("开始填写后，草稿会自动保存。"))
    try:
        saved = _save(request, form, opinion)
    except DomainError as exc:
        return _status(request, str(exc.message), ok=False, opinion=opinion)
    message = _("已自动保存 %(time)s") % {"time": timezone.localtime().strftime("%H:%M")}
    return _status(request, message, opinion=saved, new=opinion is None)


def _handle_post(request: AuthedHttpRequest, opinion: Opinion | None, action: str) -> HttpResponse:
    form = _form(request, opinion, bound=True)
    if not form.is_valid():
        return _render_form(request, form, opinion, status=400)
    try:
        opinion = _save(request, form, opinion)
    except DomainError as exc:
        add_domain_errors(form, exc)
        return _render_form(request, form, opinion, status=400)
    if action != "submit":
        messages.success(request, _("草稿已保存。"))
        return redirect("opinions:edit", opinion_id=opinion.pk)
    try:
        services.opinion_submit(acting_user=request.user, opinion=opinion)
    except DomainError as exc:
        add_domain_errors(form, exc)
        return _render_form(request, form, opinion, submit_failed=True, status=400)
    messages.success(request, _("社情民意信息已提交，请等待研究室筛选。"))
    return redirect("opinions:detail", opinion_id=opinion.pk)


def _existing_from_post(request: AuthedHttpRequest) -> Opinion | None:
    raw = request.POST.get("opinion_id", "")
    if not raw.isdigit():
        return None
    opinion = get_opinion(request, int(raw))
    _require_author(request, opinion)
    return opinion


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    """写社情民意. Nothing is stored until the member types something (autosave) or saves."""
    if not request.user.has_perm("opinions.create"):
        raise PermissionDenied
    if request.method == "POST":
        existing = _existing_from_post(request)
        if request.htmx:
            return _autosave(request, existing)
        return _handle_post(request, existing, request.POST.get("action", "save"))
    return _render_form(request, _form(request), None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    """The draft edit page (also where a station's pre-filled draft opens)."""
    opinion = get_opinion(request, opinion_id)
    _require_author(request, opinion)
    if opinion.status not in EDITABLE:
        messages.info(request, _("该信息已提交，不能再修改。"))
        return redirect("opinions:detail", opinion_id=opinion.pk)
    if request.method == "POST":
        return _handle_post(request, opinion, request.POST.get("action", "save"))
    return _render_form(request, _form(request, opinion), opinion)


@require_POST
def autosave(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.htmx:
            return _status(
                request, _("您已退出登录，内容未能保存。请先复制已写的内容，再重新登录。"), ok=False
            )
        return redirect_to_login(reverse("opinions:edit", args=[opinion_id]))
    opinion = get_opinion(request, opinion_id)
    _require_author(request, opinion)
    if opinion.status not in EDITABLE:
        return _status(request, _("该信息已提交，不能再修改。"), ok=False, opinion=opinion)
    return _autosave(request, opinion)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    """Asks first (a page, not a JavaScript dialog); only `confirm=yes` withdraws."""
    opinion = get_opinion(request, opinion_id)
    _require_author(request, opinion)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.opinion_withdraw(acting_user=request.user, opinion=opinion)
        except DomainError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("已撤回。"))
            return redirect("opinions:mine")
    return render(
        request,
        "opinions/member/withdraw.html",
        {"opinion": opinion, "error": error, "can_withdraw": opinion.status in WITHDRAWABLE},
    )


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """我的社情民意: drafts, items under way, and the feedback on each."""
    if not request.user.principal.member_id:
        raise PermissionDenied
    rows = list(selectors.my_opinions(user=request.user))
    drafts = [o for o in rows if o.status in EDITABLE]
    others = [o for o in rows if o.status not in EDITABLE]
    return render(request, "opinions/member/mine.html", {"drafts": drafts, "others": others})


# --------------------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_add(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    opinion = get_opinion(request, opinion_id)
    _require_author(request, opinion)
    upload = AttachmentForm(request.POST, request.FILES)
    if upload.is_valid():
        try:
            services.attachment_add(
                acting_user=request.user, opinion=opinion, file=upload.cleaned_data["file"]
            )
        except DomainError as exc:
            upload.add_error("file", str(exc.message))
    if upload.errors:
        return _render_form(
            request, _form(request, opinion), opinion, attachment_form=upload, status=400
        )
    messages.success(request, _("附件已上传。"))
    return redirect(reverse("opinions:edit", args=[opinion.pk]) + "#attachments")


@login_required
@require_POST
def attachment_remove(request: AuthedHttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _attachment(request, attachment_id)
    try:
        services.attachment_remove(acting_user=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("附件已删除。"))
    return redirect(reverse("opinions:edit", args=[attachment.opinion_id]) + "#attachments")


def _attachment(request: AuthedHttpRequest, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("opinion")
        .filter(pk=attachment_id, opinion__in=selectors.opinions_visible_to(request.user))
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


@login_required
@require_GET
def attachment_download(request: AuthedHttpRequest, attachment_id: int) -> FileResponse:
    attachment = _attachment(request, attachment_id)
    return protected_file_response(
        attachment.file.open("rb"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
