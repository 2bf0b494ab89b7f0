"""Shared proposal pages: the list and the detail page. Member, office, unit and statistics
pages live in views_member.py, views_office.py, views_unit.py and views_stats.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import selectors
from .choices import AssignmentRole, ReplyStatus, Status
from .models import Assignment, Feedback, Proposal, Reply, ReviewStep
from .workflow import EDITABLE, UNDER_REVIEW


@login_required
def proposal_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:60]
    proposals = selectors.proposal_list(user=request.user, status=status, query=query)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    template = "proposals/_list_results.html" if request.htmx else "proposals/list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "query_string": query_string.urlencode(),
            "can_create": request.user.has_perm("proposals.create"),
            "can_view_statistics": request.user.has_perm("proposals.view_statistics"),
        },
    )


def available_actions(user: Any, proposal: Proposal) -> dict[str, bool]:
    """Which buttons the detail page shows; the services check again when pressed."""
    status = proposal.status
    rated = (
        Feedback.objects.filter(
            proposal=proposal, round=proposal.handling_round, member_id=user.principal.member_id
        ).exists()
        if user.principal.member_id
        else True
    )
    can = user.has_perm
    return {
        "edit": can("proposals.edit_draft", proposal) and status in EDITABLE,
        "withdraw": can("proposals.edit_draft", proposal)
        and status in (Status.DRAFT, Status.COSIGNING, Status.SUBMITTED, Status.RETURNED),
        "cosign": can("proposals.cosign", proposal) and status == Status.COSIGNING,
        "review": can("proposals.review", proposal) and status in UNDER_REVIEW,
        "assign": can("proposals.assign", proposal) and status == Status.REGISTERED,
        "rate": can("proposals.rate", proposal) and status == Status.REPLIED and not rated,
        "offline_feedback": can("proposals.record_offline_feedback", proposal)
        and status == Status.REPLIED,
        "key": can("proposals.mark_key", proposal)
        and status in (Status.REGISTERED, Status.HANDLING, Status.REHANDLING)
        and not proposal.is_key,
        "supervision": can("proposals.log_supervision", proposal) and proposal.is_key,
        "excellent": can("proposals.mark_excellent", proposal)
        and status in (Status.REPLIED, Status.COMPLETED)
        and not proposal.is_excellent,
    }


ROLE_ORDER = Case(
    When(role=AssignmentRole.LEAD, then=Value(0)),
    When(role=AssignmentRole.SEPARATE, then=Value(1)),
    default=Value(2),
)


@login_required
def detail(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    try:
        proposal = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    office_view = request.user.has_perm("proposals.manage") or request.user.has_perm(
        "proposals.view_statistics"
    )
    replies = Reply.objects.select_related("result_category", "signed_by").order_by("created_at")
    if not office_view:
        # Proposers see a letter once the office has approved it; units see their own drafts
        # on their assignment page.
        replies = replies.filter(status=ReplyStatus.APPROVED)
    assignments = list(
        Assignment.objects.filter(proposal=proposal)
        .select_related("unit")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("round", ROLE_ORDER, "id")
    )
    context = {
        "proposal": proposal,
        "actions": available_actions(request.user, proposal),
        "office_view": office_view,
        "assignments": assignments,
        "review_steps": ReviewStep.objects.filter(proposal=proposal).select_related("reviewer")
        if office_view
        else [],
        "feedback": Feedback.objects.filter(proposal=proposal).select_related("member"),
        "merged": Proposal.objects.filter(merged_into=proposal).only("id", "title"),
        "supervision": proposal.supervision.all() if proposal.is_key else [],
    }
    return render(request, "proposals/detail.html", context)
