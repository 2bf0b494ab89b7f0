"""/api/v1/proposals: the proposal chain for the mobile app, through the same services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.proposals import selectors, services
from ningju.proposals.choices import Status
from ningju.proposals.models import Assignment, Proposal, Reply

from .schemas import ErrorOut

router = Router(tags=["proposals"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class ProposerOut(Schema):
    member_id: int
    name: str
    role: str
    status: str


class AssignmentOut(Schema):
    id: int
    unit: str
    role: str
    round: int
    status: str
    due_on: date


class ProposalRowOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    number: int | None
    period: str
    proposer_type: str
    submitted_at: datetime | None
    is_key: bool


class ProposalOut(ProposalRowOut):
    situation: str
    analysis: str
    suggestions: str
    category_id: int | None
    consent_to_publish: bool
    outcome_note: str
    refusal_reason: str
    conversion: str
    merged_into_id: int | None
    proposers: list[ProposerOut]
    assignments: list[AssignmentOut]


class ProposalPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ProposalRowOut]


class DraftIn(Schema):
    title: str = ""
    situation: str = ""
    analysis: str = ""
    suggestions: str = ""
    proposer_type: str = "individual"
    category_id: int | None = None
    consent_to_publish: bool = True
    collective_name: str = ""
    sector_id: int | None = None
    committee_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    cosigner_ids: list[int] = []
    suggested_unit_ids: list[int] = []


class CosignIn(Schema):
    accept: bool


class ReviewIn(Schema):
    outcome: str
    comment: str = ""
    refusal_reason_id: int | None = None
    conversion: str = ""
    merge_into_id: int | None = None


class AssignIn(Schema):
    mode: str
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = []
    separate_unit_ids: list[int] = []


class ObjectionIn(Schema):
    reason: str


class ExtensionIn(Schema):
    until: date
    reason: str


class MeetingIn(Schema):
    form: str
    held_on: date
    notes: str = ""


class ReplyIn(Schema):
    body: str
    result_category_id: int
    publicity: str = "public"
    contact_name: str = ""
    contact_phone: str = ""


class ReplyOut(Schema):
    id: int
    assignment_id: int
    status: str
    result_category: str
    body: str


class DecisionIn(Schema):
    approve: bool
    comment: str = ""
    result_category_id: int | None = None


class CosignReplyIn(Schema):
    agreed: bool
    comment: str = ""


class FeedbackIn(Schema):
    attitude: str
    result: str
    comment: str = ""


class ListFilters(Schema):
    status: str = ""
    q: str = ""
    page: int = 1


def _row(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "number": p.number,
        "period": p.period,
        "proposer_type": p.proposer_type,
        "submitted_at": p.submitted_at,
        "is_key": p.is_key,
    }


def _full(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    p = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    return _row(p) | {
        "situation": p.situation,
        "analysis": p.analysis,
        "suggestions": p.suggestions,
        "category_id": p.category_id,
        "consent_to_publish": p.consent_to_publish,
        "outcome_note": p.outcome_note,
        "refusal_reason": p.refusal_reason.text if p.refusal_reason else "",
        "conversion": p.conversion,
        "merged_into_id": p.merged_into_id,
        "proposers": [
            {"member_id": r.member_id, "name": r.member.name, "role": r.role, "status": r.status}
            for r in p.proposers.all()
        ],
        "assignments": [
            _assignment_out(a) for a in p.assignments.select_related("unit").order_by("round", "id")
        ],
    }


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_get(user=request.user, proposal_id=proposal_id)


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    return selectors.assignment_get(user=request.user, assignment_id=assignment_id)


def _reply(request: HttpRequest, reply_id: int) -> Reply:
    from ningju.core.errors import NotFoundOrForbidden

    reply = (
        Reply.objects.select_related("assignment__proposal", "result_category")
        .filter(pk=reply_id, assignment__proposal__in=selectors.proposals_visible_to(request.user))
        .first()
    )
    if reply is None:
        raise NotFoundOrForbidden()
    return reply


def _assignment_out(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": a.unit.name,
        "role": a.role,
        "round": a.round,
        "status": a.status,
        "due_on": a.due_on,
    }


def _reply_out(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "assignment_id": reply.assignment_id,
        "status": reply.status,
        "result_category": reply.result_category.code,
        "body": reply.body,
    }


@router.get("", response={200: ProposalPageOut, **ERRORS})
def proposal_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Proposals the caller may see, newest first, 30 a page."""
    status = filters.status if filters.status in Status.values else ""
    paginator = Paginator(
        selectors.proposal_list(user=request.user, status=status, query=filters.q), 30
    )
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_row(p) for p in page.object_list],
    }


@router.post("", response={201: ProposalOut, **ERRORS})
def proposal_create(request: HttpRequest, payload: DraftIn) -> HttpStatus:
    """Start a draft; the caller is the first proposer."""
    proposal = services.draft_create(
        acting_user=_user(request), data=services.DraftData(**payload.dict())
    )
    return HttpStatus(201, _full(request, proposal.pk))


@router.get("/{proposal_id}", response={200: ProposalOut, **ERRORS})
def proposal_detail(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    return _full(request, proposal_id)


@router.put("/{proposal_id}", response={200: ProposalOut, **ERRORS})
def proposal_update(request: HttpRequest, proposal_id: int, payload: DraftIn) -> dict[str, Any]:
    """Save a draft (also used for autosave)."""
    services.draft_save(
        acting_user=_user(request),
        proposal=_proposal(request, proposal_id),
        data=services.DraftData(**payload.dict()),
    )
    return _full(request, proposal_id)


@router.post("/{proposal_id}/submit", response={200: ProposalOut, **ERRORS})
def proposal_submit(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    services.submit(acting_user=_user(request), proposal=_proposal(request, proposal_id))
    return _full(request, proposal_id)


@router.post("/{proposal_id}/withdraw", response={200: ProposalOut, **ERRORS})
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    services.withdraw(acting_user=_user(request), proposal=_proposal(request, proposal_id))
    return _full(request, proposal_id)


@router.post("/{proposal_id}/cosign", response={200: ProposalOut, **ERRORS})
def proposal_cosign(request: HttpRequest, proposal_id: int, payload: CosignIn) -> dict[str, Any]:
    """An invited member confirms or declines a joint proposal."""
    services.cosign_respond(
        acting_user=_user(request), proposal=_proposal(request, proposal_id), accept=payload.accept
    )
    return _full(request, proposal_id)


@router.post("/{proposal_id}/review", response={200: ProposalOut, **ERRORS})
def proposal_review(request: HttpRequest, proposal_id: int, payload: ReviewIn) -> dict[str, Any]:
    """初审/复审/终审: pass, register, merge, refuse or return."""
    services.review(
        acting_user=_user(request),
        proposal=_proposal(request, proposal_id),
        decision=services.ReviewDecision(**payload.dict()),
    )
    return _full(request, proposal_id)


@router.post("/{proposal_id}/assign", response={200: ProposalOut, **ERRORS})
def proposal_assign(request: HttpRequest, proposal_id: int, payload: AssignIn) -> dict[str, Any]:
    services.assign(
        acting_user=_user(request), proposal=_proposal(request, proposal_id), **payload.dict()
    )
    return _full(request, proposal_id)


@router.post("/{proposal_id}/rating", response={200: ProposalOut, **ERRORS})
def proposal_rating(request: HttpRequest, proposal_id: int, payload: FeedbackIn) -> dict[str, Any]:
    """A proposer rates handling attitude and result; 不满意 starts re-handling."""
    services.feedback_submit(
        acting_user=_user(request),
        proposal=_proposal(request, proposal_id),
        data=services.FeedbackData(**payload.dict()),
    )
    return _full(request, proposal_id)


@router.post("/assignments/{assignment_id}/objection", response={200: AssignmentOut, **ERRORS})
def assignment_objection(
    request: HttpRequest, assignment_id: int, payload: ObjectionIn
) -> dict[str, Any]:
    a = services.objection_raise(
        acting_user=_user(request),
        assignment=_assignment(request, assignment_id),
        reason=payload.reason,
    )
    return _assignment_out(a)


@router.post("/assignments/{assignment_id}/extension", response={200: AssignmentOut, **ERRORS})
def assignment_extension(
    request: HttpRequest, assignment_id: int, payload: ExtensionIn
) -> dict[str, Any]:
    a = services.extension_request(
        acting_user=_user(request),
        assignment=_assignment(request, assignment_id),
        until=payload.until,
        reason=payload.reason,
    )
    return _assignment_out(a)


@router.post("/assignments/{assignment_id}/meeting", response={200: AssignmentOut, **ERRORS})
def assignment_meeting(
    request: HttpRequest, assignment_id: int, payload: MeetingIn
) -> dict[str, Any]:
    a = services.meeting_record(
        acting_user=_user(request),
        assignment=_assignment(request, assignment_id),
        form=payload.form,
        held_on=payload.held_on,
        notes=payload.notes,
    )
    return _assignment_out(a)


@router.post("/assignments/{assignment_id}/reply", response={200: ReplyOut, **ERRORS})
def assignment_reply(request: HttpRequest, assignment_id: int, payload: ReplyIn) -> dict[str, Any]:
    """Save the unit's reply letter draft."""
    reply = services.reply_save(
        acting_user=_user(request),
        assignment=_assignment(request, assignment_id),
        data=services.ReplyData(**payload.dict()),
    )
    return _reply_out(reply)


@router.post("/replies/{reply_id}/send", response={200: ReplyOut, **ERRORS})
def reply_send(request: HttpRequest, reply_id: int) -> dict[str, Any]:
    return _reply_out(
        services.reply_send(acting_user=_user(request), reply=_reply(request, reply_id))
    )


@router.post("/replies/{reply_id}/cosign", response={200: ReplyOut, **ERRORS})
def reply_cosign(request: HttpRequest, reply_id: int, payload: CosignReplyIn) -> dict[str, Any]:
    """会签 by a co-handling unit."""
    reply = _reply(request, reply_id)
    services.reply_cosign(
        acting_user=_user(request), reply=reply, agreed=payload.agreed, comment=payload.comment
    )
    return _reply_out(_reply(request, reply_id))


@router.post("/replies/{reply_id}/sign", response={200: ReplyOut, **ERRORS})
def reply_sign(request: HttpRequest, reply_id: int, payload: DecisionIn) -> dict[str, Any]:
    """签发 by the unit's signing leader."""
    return _reply_out(
        services.reply_sign(
            acting_user=_user(request),
            reply=_reply(request, reply_id),
            approve=payload.approve,
            comment=payload.comment,
        )
    )


@router.post("/replies/{reply_id}/review", response={200: ReplyOut, **ERRORS})
def reply_review(request: HttpRequest, reply_id: int, payload: DecisionIn) -> dict[str, Any]:
    """The office approves (possibly changing the result category) or returns a reply."""
    return _reply_out(
        services.reply_review(
            acting_user=_user(request),
            reply=_reply(request, reply_id),
            approve=payload.approve,
            result_category_id=payload.result_category_id,
            comment=payload.comment,
        )
    )
