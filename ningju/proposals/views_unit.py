"""Handling-unit pages (承办单位): the unit's queue and each assignment's work — objection,
extension, the meeting with the proposer, the reply letter, 会签 and 签发.

Every change goes through services.py, which checks permission and state again; the views
only decide what to show and answer early (404 when the assignment is not visible, 403 when
it is visible but the page is not for this person's role).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.accounts.choices import Role
from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import deadlines, selectors, services
from .choices import (
    AssignmentRole,
    AssignmentStatus,
    CosignStatus,
    ExtensionStatus,
    ReplyStatus,
)
from .defaults import settings_for
from .forms_unit import (
    CATEGORY_EXPLANATIONS,
    CosignForm,
    ExtensionForm,
    MeetingRecordForm,
    ObjectionForm,
    ReplyForm,
    SignForm,
)
from .models import Assignment, Proposer, Reply, ReplyCosign

OPEN = (AssignmentStatus.HANDLING, AssignmentStatus.OBJECTED)
DONE = (AssignmentStatus.REPLIED, AssignmentStatus.WITHDRAWN)
IN_FLIGHT = (ReplyStatus.COSIGNING, ReplyStatus.AWAITING_SIGNER, ReplyStatus.SUBMITTED)
EDITABLE_REPLY = (ReplyStatus.DRAFT, ReplyStatus.RETURNED)
OPEN_PAGE_SIZE = 50
DONE_PAGE_SIZE = 20
REQUESTS_SHOWN = 100


# --------------------------------------------------------------------------- helpers


def _unit_id(request: AuthedHttpRequest) -> int:
    """The unit of an officer or signer; everyone else gets 403 on unit pages."""
    principal = request.user.principal
    if not principal.handling_unit_id or not principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER):
        raise PermissionDenied
    return principal.handling_unit_id


def _office_like(request: AuthedHttpRequest) -> bool:
    return request.user.has_perm("proposals.manage") or request.user.has_perm(
        "proposals.view_statistics"
    )


def _visible_assignment(request: AuthedHttpRequest, assignment_id: int) -> Assignment:
    """The assignment, for its own unit, the other units of the same proposal, and the office.
    Proposers see the outcome on the proposal page, not the unit's working page."""
    try:
        assignment = selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    unit_id = request.user.principal.handling_unit_id
    if unit_id == assignment.unit_id or _office_like(request):
        return assignment
    if unit_id and assignment.proposal.assignments.filter(unit_id=unit_id).exists():
        return assignment
    raise Http404


def _visible_reply(request: AuthedHttpRequest, reply_id: int) -> Reply:
    reply = Reply.objects.filter(pk=reply_id).only("id", "assignment_id").first()
    if reply is None:
        raise Http404
    assignment = _visible_assignment(request, reply.assignment_id)
    full = (
        Reply.objects.select_related("result_category", "signed_by", "drafted_by")
        .prefetch_related(
            Prefetch("cosigns", queryset=ReplyCosign.objects.select_related("assignment__unit"))
        )
        .get(pk=reply.pk)
    )
    full.assignment = assignment
    return full


def _require_officer(request: AuthedHttpRequest, assignment: Assignment) -> None:
    if not request.user.has_perm("proposals.unit_act", assignment):
        raise PermissionDenied


def _to_assignment(assignment: Assignment) -> HttpResponse:
    return redirect("proposals:assignment", assignment_id=assignment.pk)


def _add_domain_error(form: Any, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@dataclass
class Deadlines:
    today: date
    due_on: date
    days_left: int
    objection_until: date
    objection_days: int
    latest_extension: date

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def objection_open(self) -> bool:
        return self.today <= self.objection_until


def _deadlines(assignment: Assignment) -> Deadlines:
    settings = settings_for(assignment.proposal.organisation_id)
    today = timezone.localdate()
    return Deadlines(
        today=today,
        due_on=assignment.due_on,
        days_left=(assignment.due_on - today).days,
        objection_until=deadlines.objection_deadline(assignment.assigned_at, settings),
        objection_days=settings.objection_days,
        latest_extension=deadlines.latest_extension(assignment.assigned_at, settings),
    )


def _proposer_names(assignment: Assignment) -> list[str]:
    """Names only: a unit needs to know who asked, never their personal data."""
    rows = Proposer.objects.filter(
        proposal_id=assignment.proposal_id, status=CosignStatus.CONFIRMED
    ).select_related("member")
    return [row.member.name for row in rows.order_by("position", "id")]


# --------------------------------------------------------------------------- queue


def _open_rows(base: QuerySet[Assignment]) -> QuerySet[Assignment]:
    latest_reply = Reply.objects.filter(assignment=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        base.filter(status__in=OPEN)
        .annotate(reply_status=Subquery(latest_reply.values("status")[:1]))
        .order_by("due_on", "id")
    )


def _page(queryset: QuerySet[Any], size: int, number: str | None, count: int) -> Page:
    paginator = Paginator(queryset, size)
    paginator.count = count  # counted together with the other sections, in one query
    return paginator.get_page(number)


@login_required
def unit_queue(request: AuthedHttpRequest) -> HttpResponse:
    """The unit's work: 待办 (by due date, overdue first), 会签 requests, 待签发, 已办结."""
    unit_id = _unit_id(request)
    principal = request.user.principal
    today = timezone.localdate()
    base = selectors.unit_assignments(user=request.user)
    counts = base.order_by().aggregate(
        open=Count("id", filter=Q(status__in=OPEN)),
        overdue=Count("id", filter=Q(status=AssignmentStatus.HANDLING, due_on__lt=today)),
        done=Count("id", filter=Q(status__in=DONE)),
    )
    open_page = _page(_open_rows(base), OPEN_PAGE_SIZE, request.GET.get("page"), counts["open"])
    cosign_requests = list(
        ReplyCosign.objects.filter(
            assignment__unit_id=unit_id,
            agreed__isnull=True,
            reply__status=ReplyStatus.COSIGNING,
        )
        .select_related("reply__assignment__proposal", "reply__assignment__unit")
        .order_by("reply__updated_at", "id")[:REQUESTS_SHOWN]
    )
    awaiting_signature: list[Reply] = []
    if principal.has(Role.UNIT_SIGNER):
        awaiting_signature = list(
            Reply.objects.filter(assignment__unit_id=unit_id, status=ReplyStatus.AWAITING_SIGNER)
            .select_related("assignment__proposal", "result_category", "drafted_by")
            .order_by("updated_at", "id")[:REQUESTS_SHOWN]
        )
    done_page = _page(
        base.filter(status__in=DONE).order_by("-updated_at", "-id"),
        DONE_PAGE_SIZE,
        request.GET.get("done"),
        counts["done"],
    )
    pending_cosign_of = {c.assignment_id for c in cosign_requests}
    open_rows = [
        {
            "assignment": a,
            "days_left": (a.due_on - today).days,
            "overdue_days": max(0, (today - a.due_on).days),
            "cosign_pending": a.pk in pending_cosign_of,
        }
        for a in open_page.object_list
    ]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    done_query = request.GET.copy()
    done_query.pop("done", None)
    context = {
        "counts": counts,
        "open_page": open_page,
        "open_rows": open_rows,
        "cosign_requests": cosign_requests,
        "awaiting_signature": awaiting_signature,
        "is_signer": principal.has(Role.UNIT_SIGNER),
        "done_page": done_page,
        "query_string": query_string.urlencode(),
        "done_query": done_query.urlencode(),
    }
    return render(request, "proposals/unit/queue.html", context)


# --------------------------------------------------------------------------- assignment


def _actions(
    request: AuthedHttpRequest,
    assignment: Assignment,
    due: Deadlines,
    replies: list[Reply],
) -> dict[str, Any]:
    """Which actions the page offers and, when one is not possible, why not."""
    can_act = request.user.has_perm("proposals.unit_act", assignment)
    can_sign = request.user.has_perm("proposals.unit_sign", assignment)
    handling = assignment.status == AssignmentStatus.HANDLING
    answering = assignment.role in (AssignmentRole.LEAD, AssignmentRole.SEPARATE)
    editable = next((r for r in replies if r.status in EDITABLE_REPLY), None)
    in_flight = next((r for r in replies if r.status in IN_FLIGHT), None)
    objection_block = ""
    if assignment.status == AssignmentStatus.OBJECTED:
        objection_block = _("已申请调整，正在等待提案委员会决定。")
    elif not handling:
        objection_block = _("本件已不在办理中。")
    elif replies:
        objection_block = _("已经开始起草答复，不能再申请调整。")
    elif not due.objection_open:
        objection_block = _(
            "申请调整的期限已于 %(date)s 截止。承办单位不能自行转交提案，请按时办理；"
            "确有困难的，请与提案委员会联系。"
        ) % {"date": due.objection_until.isoformat()}
    extension_block = ""
    if assignment.extension_status == ExtensionStatus.REQUESTED:
        extension_block = _("已申请延期，正在等待提案委员会审批。")
    elif not handling:
        extension_block = _("本件已不在办理中。")
    elif assignment.due_on >= due.latest_extension:
        extension_block = _("办理期限已是最长期限 %(date)s，不能再延期。") % {
            "date": due.latest_extension.isoformat()
        }
    return {
        "can_act": can_act,
        "can_sign": can_sign,
        "objection": can_act and not objection_block,
        "objection_block": objection_block,
        "extension": can_act and not extension_block,
        "extension_block": extension_block,
        "meeting": can_act and handling,
        "reply": can_act and handling and answering and in_flight is None,
        "answering": answering,
        "editable_reply": editable if can_act and handling else None,
        "in_flight": in_flight,
        "sign": in_flight
        if can_sign and in_flight and in_flight.status == ReplyStatus.AWAITING_SIGNER
        else None,
    }


@login_required
def assignment_detail(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _visible_assignment(request, assignment_id)
    proposal = assignment.proposal
    own = request.user.principal.handling_unit_id == assignment.unit_id
    replies_qs = (
        assignment.replies.select_related("result_category", "signed_by", "drafted_by")
        .prefetch_related(
            Prefetch("cosigns", queryset=ReplyCosign.objects.select_related("assignment__unit"))
        )
        .order_by("-created_at", "-id")
    )
    if not own and not _office_like(request):
        # Partner units see the letter once it has left the drafting desk.
        replies_qs = replies_qs.exclude(status=ReplyStatus.DRAFT)
    replies = list(replies_qs)
    due = _deadlines(assignment)
    partners = list(
        proposal.assignments.filter(round=assignment.round)
        .exclude(pk=assignment.pk)
        .select_related("unit")
        .order_by("role", "id")
    )
    cosign_rows: list[ReplyCosign] = []
    if assignment.role == AssignmentRole.CO:
        cosign_rows = list(
            ReplyCosign.objects.filter(assignment=assignment)
            .select_related("reply__assignment__unit")
            .order_by("-created_at", "-id")
        )
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "own": own,
        "office": not own and _office_like(request),
        "proposer_names": _proposer_names(assignment),
        "due": due,
        "replies": replies,
        "partners": partners,
        "cosign_rows": cosign_rows,
        "pending_cosigns": [
            c for c in cosign_rows if c.agreed is None and c.reply.status == ReplyStatus.COSIGNING
        ],
        "actions": _actions(request, assignment, due, replies),
    }
    return render(request, "proposals/unit/assignment.html", context)


@login_required
def objection(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    """申请调整: within the window, with a reason; the office decides, never the unit."""
    assignment = _visible_assignment(request, assignment_id)
    _require_officer(request, assignment)
    due = _deadlines(assignment)
    actions = _actions(request, assignment, due, list(assignment.replies.all()))
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_raise(
                acting_user=request.user,
                assignment=assignment,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("已提交申请调整，请等待提案委员会决定。"))
            return _to_assignment(assignment)
    return render(
        request,
        "proposals/unit/objection.html",
        {"assignment": assignment, "form": form, "due": due, "actions": actions},
    )


@login_required
def extension(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    """申请延期: a later date (no later than the longest allowed) and the reason."""
    assignment = _visible_assignment(request, assignment_id)
    _require_officer(request, assignment)
    due = _deadlines(assignment)
    actions = _actions(request, assignment, due, [])
    form = ExtensionForm(
        request.POST or None,
        earliest=assignment.due_on + timedelta(days=1),
        latest=due.latest_extension,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(
                acting_user=request.user,
                assignment=assignment,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("已提交延期申请，请等待提案委员会审批。"))
            return _to_assignment(assignment)
    return render(
        request,
        "proposals/unit/extension.html",
        {"assignment": assignment, "form": form, "due": due, "actions": actions},
    )


@login_required
def meeting(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    """办前面商: how and when the unit met the proposer, and what was said."""
    assignment = _visible_assignment(request, assignment_id)
    _require_officer(request, assignment)
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if assignment.meeting_on:
        initial = {
            "form": assignment.meeting_form,
            "held_on": assignment.meeting_on,
            "notes": assignment.meeting_notes,
        }
    form = MeetingRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                acting_user=request.user,
                assignment=assignment,
                form=form.cleaned_data["form"],
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("已记录办前面商情况。"))
            return _to_assignment(assignment)
    return render(
        request,
        "proposals/unit/meeting.html",
        {
            "assignment": assignment,
            "form": form,
            "proposer_names": _proposer_names(assignment),
        },
    )


def _cosign_units(assignment: Assignment) -> list[Assignment]:
    if assignment.role != AssignmentRole.LEAD:
        return []
    return list(
        assignment.proposal.assignments.filter(role=AssignmentRole.CO, round=assignment.round)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("unit")
    )


@login_required
def reply(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    """答复函: the lead (or separate) unit's officer drafts the letter, then sends it on."""
    assignment = _visible_assignment(request, assignment_id)
    _require_officer(request, assignment)
    if assignment.role == AssignmentRole.CO:
        messages.info(request, _("会办单位通过会签提出意见，由主办单位统一答复。"))
        return _to_assignment(assignment)
    replies = list(
        assignment.replies.prefetch_related(
            Prefetch("cosigns", queryset=ReplyCosign.objects.select_related("assignment__unit"))
        ).order_by("-created_at", "-id")
    )
    if assignment.status != AssignmentStatus.HANDLING or any(
        r.status in IN_FLIGHT for r in replies
    ):
        messages.error(request, _("答复已送出或本件已不在办理中，现在不能修改答复。"))
        return _to_assignment(assignment)
    current = next((r for r in replies if r.status in EDITABLE_REPLY), None)
    if current is not None:
        initial: dict[str, Any] = {
            "body": current.body,
            "result_category": current.result_category_id,
            "publicity": current.publicity,
            "contact_name": current.contact_name,
            "contact_phone": current.contact_phone,
        }
    else:
        initial = {
            "contact_name": str(request.user),
            "contact_phone": assignment.unit.contact_phone,
        }
    form = ReplyForm(
        request.POST or None,
        initial=initial,
        organisation_id=assignment.proposal.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.reply_save(
                acting_user=request.user, assignment=assignment, data=form.to_data()
            )
            if "send" in request.POST:
                saved = services.reply_send(acting_user=request.user, reply=saved)
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            if saved.status == ReplyStatus.DRAFT:
                messages.success(request, _("答复草稿已保存。检查无误后请送出。"))
            else:
                messages.success(request, _sent_message(saved))
            return _to_assignment(assignment)
    return render(
        request,
        "proposals/unit/reply.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "proposer_names": _proposer_names(assignment),
            "form": form,
            "current": current,
            "cosign_units": [co.unit.name for co in _cosign_units(assignment)],
            "explanations": CATEGORY_EXPLANATIONS,
        },
    )


def _sent_message(reply: Reply) -> str:
    if reply.status == ReplyStatus.COSIGNING:
        return _("答复已送会办单位会签，会签后由本单位签发领导签发。")
    return _("答复已送本单位签发领导签发。")


@login_required
@require_POST
def reply_send(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    """送出: to the co-handling units for 会签, or straight to the unit's signer."""
    letter = _visible_reply(request, reply_id)
    _require_officer(request, letter.assignment)
    try:
        sent = services.reply_send(acting_user=request.user, reply=letter)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _sent_message(sent))
    return _to_assignment(letter.assignment)


def _letter_context(letter: Reply) -> dict[str, Any]:
    assignment = letter.assignment
    return {
        "letter": letter,
        "assignment": assignment,
        "proposal": assignment.proposal,
        "proposer_names": _proposer_names(assignment),
        "explanation": CATEGORY_EXPLANATIONS.get(letter.result_category.code.upper(), ""),
    }


@login_required
def reply_cosign(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    """会签: a co-handling unit reads the lead unit's draft and agrees or disagrees."""
    letter = _visible_reply(request, reply_id)
    unit_id = request.user.principal.handling_unit_id
    row = next((c for c in letter.cosigns.all() if c.assignment.unit_id == unit_id), None)
    if row is None:
        raise Http404
    if not (
        request.user.has_perm("proposals.unit_act", row.assignment)
        or request.user.has_perm("proposals.unit_sign", row.assignment)
    ):
        raise PermissionDenied
    open_now = row.agreed is None and letter.status == ReplyStatus.COSIGNING
    form = CosignForm(request.POST or None)
    if request.method == "POST" and open_now and form.is_valid():
        try:
            services.reply_cosign(
                acting_user=request.user,
                reply=letter,
                agreed=form.cleaned_data["agreed"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            if form.cleaned_data["agreed"]:
                messages.success(request, _("已会签同意。"))
            else:
                messages.success(request, _("已提出不同意见，答复退回主办单位修改。"))
            return redirect("proposals:unit_queue")
    context = _letter_context(letter)
    context.update({"form": form, "row": row, "open_now": open_now})
    return render(request, "proposals/unit/cosign.html", context)


@login_required
def reply_sign(request: AuthedHttpRequest, reply_id: int) -> HttpResponse:
    """签发: the unit's signing leader approves the letter or returns it with a comment."""
    letter = _visible_reply(request, reply_id)
    if not request.user.has_perm("proposals.unit_sign", letter.assignment):
        raise PermissionDenied
    open_now = letter.status == ReplyStatus.AWAITING_SIGNER
    form = SignForm(request.POST or None)
    if request.method == "POST" and open_now and form.is_valid():
        try:
            services.reply_sign(
                acting_user=request.user,
                reply=letter,
                approve=form.cleaned_data["approve"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            if form.cleaned_data["approve"]:
                messages.success(request, _("已签发，答复已送提案委员会审核。"))
            else:
                messages.success(request, _("已退回经办人修改。"))
            return redirect("proposals:unit_queue")
    context = _letter_context(letter)
    context.update({"form": form, "open_now": open_now})
    return render(request, "proposals/unit/sign.html", context)
