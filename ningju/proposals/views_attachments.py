"""Proposal attachments (附件): the author uploads and removes files on the edit page while the
proposal is a draft (or returned for revision); whoever may see the proposal downloads them
from its detail page. Every change goes through services.py.

The upload form is a plain multipart form of its own, outside the proposal form: without
JavaScript it posts and comes back to the edit page (the message says what happened); with
htmx it replaces only the attachment panel, so the draft's autosave is never interrupted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ningju.core import audit
from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import MB, protected_file_response

from . import selectors, services
from .models import Attachment, Proposal
from .workflow import EDITABLE

PANEL_TEMPLATE = "proposals/member/_attachments.html"
FIELD = "attachment"  # the file input's name


def panel_context(
    user: Any, proposal: Proposal, *, error: str = "", notice: str = ""
) -> dict[str, Any]:
    """What the edit page's attachment panel shows (also used by its template tag)."""
    attachments = list(proposal.attachments.all())
    can_change = user.has_perm("proposals.edit_draft", proposal) and proposal.status in EDITABLE
    return {
        "proposal": proposal,
        "attachments": attachments,
        "can_change": can_change,
        "room_left": can_change and len(attachments) < Attachment.MAX_PER_PROPOSAL,
        "max_count": Attachment.MAX_PER_PROPOSAL,
        "max_mb": Attachment.MAX_BYTES // MB,
        "accept": ",".join(f".{ext}" for ext in sorted(Attachment.ALLOWED_TYPES)),
        "field_name": FIELD,
        "attachment_error": error,
        "attachment_notice": notice,
    }


def _proposal(request: AuthedHttpRequest, proposal_id: int) -> Proposal:
    try:
        return selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _visible_attachment(request: AuthedHttpRequest, attachment_id: int) -> Attachment:
    """404 for an attachment of a proposal this person may not see (or of none at all)."""
    attachment = (
        Attachment.objects.select_related("proposal")
        .filter(pk=attachment_id, proposal__in=selectors.proposals_visible_to(request.user))
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def _require_author(request: AuthedHttpRequest, proposal: Proposal) -> None:
    if not request.user.has_perm("proposals.edit_draft", proposal):
        raise PermissionDenied


def _answer(
    request: AuthedHttpRequest, proposal: Proposal, *, error: str = "", notice: str = ""
) -> HttpResponse:
    """htmx: the panel again, with the message in it. Otherwise back to the page (PRG)."""
    if request.htmx:
        return render(
            request,
            PANEL_TEMPLATE,
            panel_context(request.user, proposal, error=error, notice=notice),
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    if proposal.status in EDITABLE:
        return redirect(reverse("proposals:edit", args=[proposal.pk]) + "#attachments")
    return redirect("proposals:detail", proposal_id=proposal.pk)


@login_required
@require_POST
def attachment_add(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    _require_author(request, proposal)
    upload = request.FILES.get(FIELD)
    if upload is None:
        return _answer(request, proposal, error=_("请选择要上传的文件。"))
    try:
        attachment = services.attachment_add(
            acting_user=request.user, proposal=proposal, upload=upload
        )
    except DomainError as exc:
        return _answer(request, proposal, error=str(exc.message))
    return _answer(
        request,
        proposal,
        notice=_("已上传附件“%(name)s”。") % {"name": attachment.original_name},
    )


@login_required
@require_POST
def attachment_remove(request: AuthedHttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _visible_attachment(request, attachment_id)
    proposal = attachment.proposal
    _require_author(request, proposal)
    name = attachment.original_name
    try:
        services.attachment_remove(acting_user=request.user, attachment=attachment)
    except DomainError as exc:
        return _answer(request, proposal, error=str(exc.message))
    return _answer(request, proposal, notice=_("已删除附件“%(name)s”。") % {"name": name})


@login_required
@require_GET
def attachment_download(request: AuthedHttpRequest, attachment_id: int) -> FileResponse:
    """Always a download (never shown inline), with the name it was uploaded under."""
    attachment = _visible_attachment(request, attachment_id)
    try:
        fileobj = attachment.file.open("rb")
    except OSError as exc:  # the stored file is missing: nothing to give
        raise Http404 from exc
    proposal = attachment.proposal
    audit.record(
        action="proposal.attachment_download",
        actor=request.user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"attachment": attachment.pk, "name": attachment.original_name},
    )
    return protected_file_response(
        fileobj, filename=attachment.original_name, content_type=attachment.content_type
    )
