"""The 提案委 office's and the proposal leaders' pages: review (初审/复审/终审), assignment
(交办), the handling desk (objections, extensions, replies to review, overdue work), offline
ratings, key proposals with their supervision log, and 优秀提案.

Every change goes through `services`; these views check permissions early (403 for a page
the role may not use, 404 for an object the user may not see) and put a service's
DomainError next to the field it names.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.orgs.models import HandlingUnit

from . import deadlines, selectors, services
from .choices import (
    AssignmentStatus,
    CosignStatus,
    ExtensionStatus,
    ProposerRole,
    ReplyStatus,
    ReviewOutcome,
    Status,
)
from .defaults import settings_for
from .forms_office import (
    SUPERVISION_FORMS,
    AssignForm,
    ExtensionDecisionForm,
    KeyForm,
    ObjectionDecisionForm,
    OfflineFeedbackForm,
    ReplyReviewForm,
    ReviewForm,
    SupervisionForm,
    leaders_of,
)
from .models import Assignment, Feedback, Proposal, Proposer, Reply, ReviewStep
from .predicates import is_proposal_leader, is_proposal_office
from .workflow import UNDER_REVIEW

logger = logging.getLogger(__name__)

QUEUE_PAGE_SIZE = 30
MERGE_CANDIDATES = 10
OVERDUE_PER_UNIT = 10
HANDLING_LIST_LIMIT = 50
LEVEL_NAMES = {1: gettext_lazy("初审"), 2: gettext_lazy("复审"), 3: gettext_lazy("终审")}
KEY_STATUSES = (Status.REGISTERED, Status.HANDLING, Status.REHANDLING)


# --------------------------------------------------------------------------- helpers


def _proposal(request: AuthedHttpRequest, proposal_id: int) -> Proposal:
    try:
        return selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _assignment(request: AuthedHttpRequest, assignment_id: int) -> Assignment:
    try:
        return selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _reply(request: AuthedHttpRequest, reply_id: int) -> Reply:
    """A reply whose proposal the user may see (the same 404 for missing and forbidden)."""
    reply = (
        Reply.objects.select_related(
            "assignment__proposal__session__term",
            "assignment__unit",
            "result_category",
            "signed_by",
            "drafted_by",
            "reviewed_by",
        )
        .filter(pk=reply_id, assignment__proposal__in=selectors.proposals_visible_to(request.user))
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def _show_error(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal next to the field it names, else above the form."""
    target = exc.field if exc.field in form.fields else None
    form.add_error(target, str(exc.message))


def _require(request: AuthedHttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def level_name(level: int) -> str:
    return str(LEVEL_NAMES.get(level, _("第%(n)s级审查") % {"n": level}))


# --------------------------------------------------------------------------- review queue


@dataclass
class QueueLevel:
    level: int
    name: str
    count: int
    mine: bool
    final: bool
    selected: bool = False


@login_required
def review_queue(request: AuthedHttpRequest) -> HttpResponse:
    """Proposals waiting for the user's level: 初审 for the office, 复审/终审 for leaders."""
    user = request.user
    office, leader = bool(is_proposal_office(user)), bool(is_proposal_leader(user))
    if not (office or leader):
        raise PermissionDenied
    settings = settings_for(user.principal.org)
    waiting = selectors.proposals_visible_to(user).filter(status__in=UNDER_REVIEW)
    done_levels: dict[int, int] = {
        row["review_level"]: row["n"]
        for row in waiting.order_by().values("review_level").annotate(n=Count("id"))
    }
    last = max([settings.review_levels, *(lvl + 1 for lvl in done_levels)])
    levels = [
        QueueLevel(
            level=lvl,
            name=level_name(lvl),
            count=done_levels.get(lvl - 1, 0),
            mine=office if lvl == 1 else leader,
            final=lvl >= settings.review_levels,
        )
        for lvl in range(1, last + 1)
    ]
    mine = [lvl.level for lvl in levels if lvl.mine]
    chosen = request.GET.get("level", "")
    chosen_level = int(chosen) if chosen.isdigit() and int(chosen) in mine else None
    if chosen_level is not None:
        condition = Q(review_level=chosen_level - 1)
        total = done_levels.get(chosen_level - 1, 0)
    else:
        condition = Q(pk__in=[])
        total = 0
        if office:
            condition |= Q(review_level=0)
            total += done_levels.get(0, 0)
        if leader:
            condition |= Q(review_level__gte=1)
            total += sum(n for lvl, n in done_levels.items() if lvl >= 1)
    for lvl in levels:
        lvl.selected = lvl.level == chosen_level
    proposals = (
        waiting.filter(condition)
        .select_related("category__parent", "session__term")
        .prefetch_related(
            Prefetch(
                "proposers",
                queryset=Proposer.objects.filter(role=ProposerRole.FIRST).select_related("member"),
                to_attr="first_proposers",
            )
        )
        .order_by("submitted_at", "id")
    )
    paginator = Paginator(proposals, QUEUE_PAGE_SIZE)
    paginator.count = total  # already counted per level above: saves a COUNT query
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    for proposal in page.object_list:
        proposal.next_level_name = level_name(proposal.review_level + 1)
        proposal.waiting_days = (
            (today - timezone.localdate(proposal.submitted_at)).days if proposal.submitted_at else 0
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "proposals/office/review_queue.html",
        {
            "levels": levels,
            "page": page,
            "chosen_level": chosen_level,
            "my_total": sum(lvl.count for lvl in levels if lvl.mine),
            "query_string": query_string.urlencode(),
        },
    )


# --------------------------------------------------------------------------- review


@dataclass
class SimilarItem:
    pk: int
    title: str
    number: int | None
    status: str
    status_display: str
    score: float | None
    mergeable: bool
    visible: bool = True


def _similar_module() -> Any:
    """`ningju.proposals.similar` is optional: without it the page has no similar panel."""
    try:
        return importlib.import_module("ningju.proposals.similar")
    except ImportError:
        return None


def _as_similar_item(item: Any) -> SimilarItem | None:
    """Accept what a similarity lookup may return: proposals, (proposal, score) pairs,
    objects with `.proposal` and `.score`, or dicts."""
    score: Any = None
    proposal: Any = item
    if isinstance(item, tuple | list) and item:
        proposal = item[0]
        score = item[1] if len(item) > 1 else None
    elif isinstance(item, dict):
        proposal = item.get("proposal", item)
        score = item.get("score")
    elif hasattr(item, "proposal"):
        proposal = item.proposal
        score = getattr(item, "score", None)
    if score is None:
        score = getattr(proposal, "score", None)

    def get(name: str) -> Any:
        if isinstance(proposal, dict):
            return proposal.get(name)
        return getattr(proposal, name, None)

    pk = get("pk") or get("id")
    if not pk:
        return None
    status = str(get("status") or "")
    visible = get("visible_to_viewer") is not False
    return SimilarItem(
        pk=int(pk),
        title=str(get("title") or ""),
        number=get("number"),
        status=status,
        status_display=str(Status(status).label) if status in Status.values else "",
        score=float(score) if isinstance(score, int | float) else None,
        mergeable=visible
        and status in (Status.REGISTERED, Status.HANDLING)
        and not get("merged_into_id"),
        visible=visible,
    )


def _similar(request: AuthedHttpRequest, proposal: Proposal) -> list[SimilarItem] | None:
    module = _similar_module()
    lookup = getattr(module, "similar_proposals", None) if module else None
    if lookup is None:
        return None
    body = "\n".join(part for part in (proposal.situation, proposal.analysis, proposal.suggestions))
    try:
        found = lookup(user=request.user, title=proposal.title, body=body, exclude_id=proposal.pk)
    except Exception:  # an advisory panel must not take the reviewer's page down
        logger.exception("similar_proposals failed for proposal %s", proposal.pk)
        return None
    items = [_as_similar_item(item) for item in list(found or [])[:5]]
    return [item for item in items if item is not None]


def _merge_targets(request: AuthedHttpRequest, proposal: Proposal) -> QuerySet[Proposal]:
    """Proposals another one may be merged into: registered or in handling, not merged."""
    return (
        selectors.proposals_visible_to(request.user)
        .filter(status__in=[Status.REGISTERED, Status.HANDLING], merged_into__isnull=True)
        .exclude(pk=proposal.pk)
    )


def _merge_candidates(
    request: AuthedHttpRequest, proposal: Proposal, query: str, selected: str
) -> list[Proposal]:
    targets = _merge_targets(request, proposal).select_related("session__term")
    found: list[Proposal] = []
    if query:
        from ningju.textmatch.normalize import search_variants

        condition = Q()
        for text in search_variants(query):
            condition |= Q(title__icontains=text)
            digits = text.lstrip("第").rstrip("号")
            if digits.isdigit():
                condition |= Q(number=int(digits))
        found = list(targets.filter(condition).order_by("-registered_at", "-id")[:MERGE_CANDIDATES])
    if selected.isdigit() and all(p.pk != int(selected) for p in found):
        chosen = targets.filter(pk=int(selected)).first()
        if chosen is not None:
            found.insert(0, chosen)
    return found


def _review_message(proposal: Proposal, outcome: str, level: int) -> str:
    title = proposal.title
    if outcome == ReviewOutcome.PASS:
        return _("《%(title)s》已通过%(level)s，提交%(next)s。") % {
            "title": title,
            "level": level_name(level),
            "next": level_name(level + 1),
        }
    if outcome == ReviewOutcome.REGISTER:
        return _("《%(title)s》已立案，编为第%(n)s号提案。") % {
            "title": title,
            "n": proposal.number,
        }
    if outcome == ReviewOutcome.MERGE:
        lead = proposal.merged_into
        return _("《%(title)s》已并入《%(lead)s》，各提案人仍分别收到答复。") % {
            "title": title,
            "lead": lead.title if lead else "",
        }
    if outcome == ReviewOutcome.REFUSE:
        return _("《%(title)s》不予立案，提案人会收到理由。") % {"title": title}
    return _("《%(title)s》已退回提案人修改。") % {"title": title}


@login_required
def review(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    user = request.user
    proposal = _proposal(request, proposal_id)
    if not (is_proposal_office(user) or is_proposal_leader(user)):
        raise PermissionDenied
    if proposal.status not in UNDER_REVIEW:
        messages.info(request, _("该提案不在审查阶段。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    _require(request, "proposals.review", proposal)
    settings = settings_for(proposal.organisation_id)
    level = proposal.review_level + 1
    final = level >= settings.review_levels
    source = request.POST if request.method == "POST" else request.GET
    merge_query = source.get("merge_q", "").strip()[:60]
    selected_merge = source.get("merge_into", "").strip()
    if request.htmx and request.method == "GET" and "merge_q" in request.GET and final:
        return render(
            request,
            "proposals/office/_merge_candidates.html",
            {
                "candidates": _merge_candidates(request, proposal, merge_query, selected_merge),
                "merge_query": merge_query,
                "selected_merge": selected_merge,
            },
        )
    deciding = request.method == "POST" and request.POST.get("action") != "search"
    if deciding:
        form = ReviewForm(request.POST, final=final, organisation_id=proposal.organisation_id)
    else:
        # Searching for the lead proposal without JavaScript keeps what was typed, unjudged.
        typed = request.POST.dict() if request.method == "POST" else {}
        form = ReviewForm(initial=typed, final=final, organisation_id=proposal.organisation_id)
    if deciding and form.is_valid():
        data = form.cleaned_data
        outcome = data["outcome"]
        reason = data.get("refusal_reason")
        decision = services.ReviewDecision(
            outcome=outcome,
            comment=data.get("comment", ""),
            refusal_reason_id=reason.pk if reason and outcome == ReviewOutcome.REFUSE else None,
            conversion=data.get("conversion", "") if outcome == ReviewOutcome.REFUSE else "",
            merge_into_id=data.get("merge_into") if outcome == ReviewOutcome.MERGE else None,
        )
        try:
            reviewed = services.review(acting_user=user, proposal=proposal, decision=decision)
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _review_message(reviewed, outcome, level))
            return redirect("proposals:review_queue")
    context = {
        "proposal": proposal,
        "form": form,
        "level": level,
        "level_name": level_name(level),
        "next_level_name": level_name(level + 1),
        "final": final,
        "levels": settings.review_levels,
        "max_length": settings.max_length,
        "suggested_units": list(proposal.suggested_units.all()),
        "steps": list(
            ReviewStep.objects.filter(proposal=proposal).select_related("reviewer").order_by("id")
        ),
        "similar": _similar(request, proposal),
        "merge_query": merge_query,
        "selected_merge": selected_merge,
        "candidates": _merge_candidates(request, proposal, merge_query, selected_merge)
        if final
        else [],
        "searched": bool(merge_query),
    }
    return render(request, "proposals/office/review.html", context)


# --------------------------------------------------------------------------- assignment


@login_required
def assign(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """交办: 主办 with 会办/协办 units, or 分办; the proposer's suggestions come pre-ticked."""
    proposal = _proposal(request, proposal_id)
    _require(request, "proposals.assign", proposal)
    if proposal.status == Status.MERGED:
        messages.info(request, _("并案提案随主提案一起交办。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    if proposal.status != Status.REGISTERED:
        messages.info(request, _("只有已立案、尚未交办的提案可以交办。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    units = list(
        HandlingUnit.objects.filter(organisation_id=proposal.organisation_id, is_active=True)
    )
    active_ids = {u.pk for u in units}
    suggested = [u.pk for u in proposal.suggested_units.all() if u.pk in active_ids]
    form = AssignForm(
        request.POST if request.method == "POST" else None, units=units, suggested=suggested
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.assign(
                acting_user=request.user,
                proposal=proposal,
                mode=data["mode"],
                lead_unit_id=data.get("lead_unit") or None,
                co_unit_ids=data.get("co_units") or [],
                separate_unit_ids=data.get("separate_units") or [],
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("《%(title)s》已交办给 %(units)s，办理期限 %(due)s。")
                % {
                    "title": proposal.title,
                    "units": "、".join(a.unit.name for a in created),
                    "due": created[0].due_on.isoformat() if created else "",
                },
            )
            return redirect("proposals:detail", proposal_id=proposal.pk)
    settings = settings_for(proposal.organisation_id)
    now = timezone.now()
    context = {
        "proposal": proposal,
        "form": form,
        "suggested_units": [u for u in units if u.pk in set(suggested)],
        "due_on": deadlines.handling_due(now, settings, round=proposal.handling_round),
        "objection_days": settings.objection_days,
        "handling_months": settings.handling_months,
        "followers": list(
            Proposal.objects.filter(merged_into=proposal, status=Status.MERGED).only("id", "title")
        ),
    }
    return render(request, "proposals/office/assign.html", context)


# --------------------------------------------------------------------------- handling desk


@dataclass
class UnitOverdue:
    unit: HandlingUnit
    total: int
    items: list[Assignment] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _office_assignments(request: AuthedHttpRequest) -> QuerySet[Assignment]:
    """Open assignments of proposals the office may see."""
    return Assignment.objects.filter(
        proposal__in=selectors.proposals_visible_to(request.user),
        proposal__status__in=[Status.HANDLING, Status.REHANDLING],
    )


def _overdue_by_unit(open_assignments: QuerySet[Assignment], today: date) -> list[UnitOverdue]:
    """Overdue assignments grouped per unit, the oldest few of each, with every unit's total:
    one query whatever the number of units or overdue proposals."""
    rows = (
        open_assignments.filter(status=AssignmentStatus.HANDLING, due_on__lt=today)
        .annotate(
            unit_rank=Window(
                RowNumber(), partition_by=[F("unit_id")], order_by=[F("due_on").asc(), F("id")]
            ),
            unit_total=Window(Count("id"), partition_by=[F("unit_id")]),
        )
        .filter(unit_rank__lte=OVERDUE_PER_UNIT)
        .select_related("unit", "proposal")
        .order_by("unit_id", "due_on", "id")
    )
    groups: dict[int, UnitOverdue] = {}
    for row in rows:
        row.days_overdue = (today - row.due_on).days  # type: ignore[attr-defined]
        group = groups.setdefault(row.unit_id, UnitOverdue(unit=row.unit, total=row.unit_total))
        group.items.append(row)
    return sorted(groups.values(), key=lambda g: (-g.total, g.unit.sort_order, g.unit.pk))


@login_required
def handling(request: AuthedHttpRequest) -> HttpResponse:
    """The office's handling desk: everything waiting for a decision, and who is late."""
    _require(request, "proposals.manage")
    settings = settings_for(request.user.principal.org)
    today = timezone.localdate()
    open_assignments = _office_assignments(request)
    pending = list(
        open_assignments.filter(
            Q(status=AssignmentStatus.OBJECTED)
            | Q(status=AssignmentStatus.HANDLING, extension_status=ExtensionStatus.REQUESTED)
        )
        .select_related("proposal", "unit")
        .order_by("updated_at", "id")[: HANDLING_LIST_LIMIT * 2]
    )
    objections = [a for a in pending if a.status == AssignmentStatus.OBJECTED]
    extensions = [a for a in pending if a.status == AssignmentStatus.HANDLING]
    replies = list(
        Reply.objects.filter(
            status=ReplyStatus.SUBMITTED,
            assignment__proposal__in=selectors.proposals_visible_to(request.user),
        )
        .select_related("assignment__proposal", "assignment__unit", "result_category")
        .order_by("signed_at", "id")[:HANDLING_LIST_LIMIT]
    )
    overdue = _overdue_by_unit(open_assignments, today)
    horizon = today + timedelta(days=settings.reminder_days)
    upcoming = list(
        open_assignments.filter(status=AssignmentStatus.HANDLING, due_on__range=(today, horizon))
        .select_related("proposal", "unit")
        .order_by("due_on", "id")[: HANDLING_LIST_LIMIT + 1]
    )
    for a in upcoming:
        a.days_left = (a.due_on - today).days  # type: ignore[attr-defined]
    context = {
        "objections": objections,
        "extensions": extensions,
        "replies": replies,
        "overdue": overdue,
        "overdue_total": sum(g.total for g in overdue),
        "upcoming": upcoming[:HANDLING_LIST_LIMIT],
        "upcoming_more": len(upcoming) > HANDLING_LIST_LIMIT,
        "reminder_days": settings.reminder_days,
        "limit": HANDLING_LIST_LIMIT,
    }
    return render(request, "proposals/office/handling.html", context)


@login_required
def objection_decide(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    """A unit asked to be taken off a proposal: the office agrees (with a replacement) or not."""
    assignment = _assignment(request, assignment_id)
    proposal = assignment.proposal
    _require(request, "proposals.assign", proposal)
    if assignment.status != AssignmentStatus.OBJECTED:
        messages.info(request, _("该单位没有待决定的调整申请。"))
        return redirect("proposals:handling")
    lineup = list(
        Assignment.objects.filter(proposal=proposal, round=assignment.round)
        .select_related("unit")
        .order_by("role", "id")
    )
    taken = {a.unit_id for a in lineup}
    units = HandlingUnit.objects.filter(
        organisation_id=proposal.organisation_id, is_active=True
    ).exclude(pk__in=taken)
    form = ObjectionDecisionForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.objection_decide(
                acting_user=request.user,
                assignment=assignment,
                accept=accept,
                replacement_unit_id=(form.cleaned_data.get("replacement_unit") or None)
                if accept
                else None,
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            if accept:
                text = _("已同意 %(unit)s 撤出《%(title)s》的办理。")
            else:
                text = _("已决定由 %(unit)s 继续办理《%(title)s》。")
            messages.success(
                request, text % {"unit": assignment.unit.name, "title": proposal.title}
            )
            return redirect("proposals:handling")
    settings = settings_for(proposal.organisation_id)
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "form": form,
        "lineup": lineup,
        "objection_deadline": deadlines.objection_deadline(assignment.assigned_at, settings),
    }
    return render(request, "proposals/office/objection_decide.html", context)


@login_required
def extension_decide(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    proposal = assignment.proposal
    _require(request, "proposals.assign", proposal)
    if assignment.extension_status != ExtensionStatus.REQUESTED:
        messages.info(request, _("没有待审批的延期申请。"))
        return redirect("proposals:handling")
    form = ExtensionDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.extension_decide(
                acting_user=request.user, assignment=assignment, approve=approve
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            if approve:
                text = _("已同意 %(unit)s 延期至 %(due)s。")
            else:
                text = _("未同意 %(unit)s 的延期申请，仍按 %(due)s 办理。")
            assignment.refresh_from_db(fields=["due_on"])
            messages.success(
                request, text % {"unit": assignment.unit.name, "due": assignment.due_on.isoformat()}
            )
            return redirect("proposals:handling")
    settings = settings_for(proposal.organisation_id)
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "form": form,
        "latest": deadlines.latest_extension(assignment.assigned_at, settings),
        "max_months": settings.max_handling_months,
    }
    return render(request, "proposals/office/extension_decide.html", context)


@login_required
def reply_review(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    """The office reads the signed letter, may change its result category (A/B/C),
    and approves it for the proposer or returns it to the unit."""
    reply = _reply(request, reply_id)
    proposal = reply.assignment.proposal
    _require(request, "proposals.review_reply", proposal)
    if reply.status != ReplyStatus.SUBMITTED:
        messages.info(request, _("该答复不在待审核状态。"))
        return redirect("proposals:handling")
    form = ReplyReviewForm(
        request.POST if request.method == "POST" else None,
        organisation_id=proposal.organisation_id,
        initial={"result_category": reply.result_category_id},
    )
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        category = form.cleaned_data.get("result_category")
        try:
            services.reply_review(
                acting_user=request.user,
                reply=reply,
                approve=approve,
                result_category_id=category.pk if category and approve else None,
                comment=form.cleaned_data.get("comment", ""),
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            if approve:
                text = _("《%(title)s》的答复已审核通过，提案人会收到答复并进行评价。")
            else:
                text = _("《%(title)s》的答复已退回 %(unit)s 修改。")
            messages.success(
                request, text % {"title": proposal.title, "unit": reply.assignment.unit.name}
            )
            return redirect("proposals:handling")
    context = {
        "reply": reply,
        "assignment": reply.assignment,
        "proposal": proposal,
        "form": form,
        "proposers": [p for p in proposal.proposers.all() if p.status == CosignStatus.CONFIRMED],
        "cosigns": list(reply.cosigns.select_related("assignment__unit", "signed_by")),
    }
    return render(request, "proposals/office/reply_review.html", context)


# --------------------------------------------------------------------------- feedback


@login_required
def offline_feedback(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """Staff enter the paper rating of a proposer who is not online, marked 代为录入."""
    proposal = _proposal(request, proposal_id)
    _require(request, "proposals.record_offline_feedback", proposal)
    if proposal.status != Status.REPLIED:
        messages.info(request, _("现在不是评价阶段。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    rated = set(
        Feedback.objects.filter(proposal=proposal, round=proposal.handling_round).values_list(
            "member_id", flat=True
        )
    )
    waiting = [
        p.member
        for p in proposal.proposers.all()
        if p.status == CosignStatus.CONFIRMED and p.member_id not in rated
    ]
    if not waiting:
        messages.info(request, _("所有提案人都已评价。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    form = OfflineFeedbackForm(request.POST if request.method == "POST" else None, members=waiting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.feedback_record_offline(
                acting_user=request.user,
                proposal=proposal,
                member_id=data["member"],
                data=services.FeedbackData(
                    attitude=data["attitude"], result=data["result"], comment=data["comment"]
                ),
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("已录入 %(name)s 的评价，标注为“代为录入”。") % {"name": feedback.member.name},
            )
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return render(
        request,
        "proposals/office/offline_feedback.html",
        {"proposal": proposal, "form": form, "waiting": waiting},
    )


# --------------------------------------------------------------------------- key & excellent


@login_required
def key(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """重点提案, decided by the chair meeting, with a supervising leader (督办)."""
    proposal = _proposal(request, proposal_id)
    _require(request, "proposals.mark_key", proposal)
    if proposal.status not in KEY_STATUSES:
        messages.info(request, _("只有已立案、正在办理的提案可以列为重点提案。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    form = KeyForm(
        request.POST if request.method == "POST" else None,
        leaders=leaders_of(proposal.organisation_id),
        initial={"supervisor": proposal.key_supervisor_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            marked = services.key_mark(
                acting_user=request.user,
                proposal=proposal,
                supervisor_id=form.cleaned_data["supervisor"],
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            supervisor = marked.key_supervisor
            messages.success(
                request,
                _("《%(title)s》已列为重点提案，由 %(name)s 督办。")
                % {"title": proposal.title, "name": supervisor.name if supervisor else ""},
            )
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return render(request, "proposals/office/key.html", {"proposal": proposal, "form": form})


@login_required
def supervision(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """督办记录 of a key proposal: the list, and a form to add one."""
    proposal = _proposal(request, proposal_id)
    _require(request, "proposals.log_supervision", proposal)
    form = (
        SupervisionForm(request.POST if request.method == "POST" else None)
        if proposal.is_key
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.supervision_add(
                acting_user=request.user,
                proposal=proposal,
                held_on=data["held_on"],
                form=data["form"],
                notes=data["notes"],
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("督办记录已保存。"))
            return redirect("proposals:supervision", proposal_id=proposal.pk)
    logs = list(proposal.supervision.select_related("recorded_by").order_by("-held_on", "-id"))
    supervisor = proposal.key_supervisor if proposal.key_supervisor_id else None
    return render(
        request,
        "proposals/office/supervision.html",
        {
            "proposal": proposal,
            "form": form,
            "logs": logs,
            "supervisor": supervisor,
            "suggested_forms": SUPERVISION_FORMS,
        },
    )


@login_required
@require_POST
def excellent(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """优秀提案 selection (a button on the detail page)."""
    proposal = _proposal(request, proposal_id)
    _require(request, "proposals.mark_excellent", proposal)
    try:
        services.excellent_mark(acting_user=request.user, proposal=proposal)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("《%(title)s》已评为优秀提案。") % {"title": proposal.title})
    return redirect("proposals:detail", proposal_id=proposal.pk)
