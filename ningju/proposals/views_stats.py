"""Statistics and official documents: the dashboard, its .xlsx, the 提案汇编 and the reply
letter as .docx/PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ningju.accounts.choices import Role
from ningju.core import audit
from ningju.core.errors import NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.orgs.models import Session

from . import documents, selectors, statistics
from .choices import CosignStatus, ReplyStatus
from .models import Proposal, Proposer, Reply
from .workflow import REGISTERED_FAMILY

STATS_PERM = "proposals.view_statistics"


def _require_statistics(request: AuthedHttpRequest) -> None:
    if not request.user.has_perm(STATS_PERM):
        raise PermissionDenied


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # RFC 5987 (filename*=utf-8''…) for the Chinese name, with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, file_name) or ""
    add_never_cache_headers(response)
    return response


def _figures(request: AuthedHttpRequest) -> statistics.ProposalFigures:
    period = statistics.parse_period(request.GET)
    try:
        return statistics.proposal_figures(user=request.user, period=period)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _years(figures: statistics.ProposalFigures) -> list[int]:
    years = {timezone.localdate().year, *(s.year for s in figures.sessions if s.year)}
    if figures.period.year:
        years.add(figures.period.year)
    return sorted(years, reverse=True)


# --------------------------------------------------------------------------- statistics


@login_required
def stats(request: AuthedHttpRequest) -> HttpResponse:
    _require_statistics(request)
    figures = _figures(request)
    return render(
        request,
        "proposals/stats/dashboard.html",
        {
            "f": figures,
            "overview": documents.overview_rows(figures),
            "chart_data": figures.chart_data(),
            "years": _years(figures),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def stats_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    _require_statistics(request)
    figures = _figures(request)
    content = documents.statistics_workbook(figures, user=request.user)
    with transaction.atomic():
        audit.record(
            action="proposal.statistics_export",
            actor=request.user,
            organisation=request.user.principal.org,
            object_type="proposals.proposal",
            object_repr=_("提案统计导出"),
            after={
                "year": figures.period.year,
                "session": figures.period.session_id,
                "received": figures.received,
            },
        )
    stamp = timezone.localtime()
    name = _("提案工作统计_%(period)s_%(stamp)s.xlsx") % {
        "period": figures.period_label,
        "stamp": f"{stamp:%Y%m%d-%H%M}",
    }
    return _attachment(content, documents.XLSX_CONTENT_TYPE, name)


@login_required
def compilation_docx(request: AuthedHttpRequest) -> HttpResponse:
    """提案汇编 of one session: ?session=<id> of the user's own committee."""
    _require_statistics(request)
    organisation_id = request.user.principal.org
    session_id = request.GET.get("session", "")
    session = (
        Session.objects.select_related("term__organisation")
        .filter(
            pk=int(session_id) if session_id.isdigit() else 0, term__organisation_id=organisation_id
        )
        .first()
    )
    if session is None:
        raise Http404
    proposals = (
        Proposal.objects.visible_to(request.user)
        .filter(session=session, status__in=REGISTERED_FAMILY)
        .select_related("category__parent")
        .prefetch_related(
            Prefetch(
                "proposers",
                queryset=Proposer.objects.filter(status=CosignStatus.CONFIRMED).select_related(
                    "member"
                ),
            ),
            documents.replies_for_volume(),
        )
    )
    content = documents.compilation_docx(
        organisation=session.term.organisation,
        session=session,
        proposals=proposals,
        user=request.user,
    )
    with transaction.atomic():
        audit.record(
            action="proposal.compilation_export",
            actor=request.user,
            organisation=organisation_id,
            target=session,
            after={"session": session.pk},
        )
    name = _("提案汇编_%(meeting)s.docx") % {"meeting": documents.session_words(session)}
    return _attachment(content, documents.DOCX_CONTENT_TYPE, name)


# --------------------------------------------------------------------------- the reply letter


def reply_for_letter(user: Any, reply_id: int) -> Reply:
    """The reply, if `user` may have its letter: the answering unit (any stage), the office and
    proposal leaders (any stage), the proposal's confirmed proposers (once approved).
    Everyone else — other units, other members, other committees — gets NotFoundOrForbidden."""
    reply = (
        Reply.objects.select_related(
            "assignment__unit",
            "assignment__proposal__organisation",
            "assignment__proposal__session__term",
            "assignment__proposal__merged_into",
            "result_category",
            "signed_by",
        )
        .prefetch_related(
            Prefetch(
                "assignment__proposal__proposers",
                queryset=Proposer.objects.select_related("member"),
            )
        )
        .filter(pk=reply_id, assignment__proposal__in=selectors.proposals_visible_to(user))
        .first()
    )
    if reply is None:
        raise NotFoundOrForbidden()
    principal = user.principal
    proposal = reply.assignment.proposal
    unit = principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER) and (
        principal.handling_unit_id == reply.assignment.unit_id
    )
    office = user.has_perm("proposals.manage") or user.has_perm(STATS_PERM)
    proposer = reply.status == ReplyStatus.APPROVED and any(
        p.member_id == principal.member_id and p.status == CosignStatus.CONFIRMED
        for p in proposal.proposers.all()
        if principal.member_id
    )
    if not (unit or office or proposer):
        raise NotFoundOrForbidden()
    return reply


def _letter(request: AuthedHttpRequest, reply_id: int, kind: str) -> HttpResponse:
    try:
        reply = reply_for_letter(request.user, reply_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    letter = documents.reply_letter(reply)
    if kind == "pdf":
        content, content_type = documents.reply_letter_pdf(letter), documents.PDF_CONTENT_TYPE
    else:
        content, content_type = documents.reply_letter_docx(letter), documents.DOCX_CONTENT_TYPE
    proposal = reply.assignment.proposal
    with transaction.atomic():
        audit.record(
            action="proposal.reply_download",
            actor=request.user,
            organisation=proposal.organisation_id,
            target=proposal,
            after={"reply": reply.pk, "format": kind, "status": reply.status},
        )
    return _attachment(content, content_type, f"{letter.file_stem}.{kind}")


@login_required
def reply_docx(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    return _letter(request, reply_id, "docx")


@login_required
def reply_pdf(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    return _letter(request, reply_id, "pdf")
