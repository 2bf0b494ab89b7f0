"""/api/v1/opinions: 社情民意 for the mobile app, through the same services and selectors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.errors import PermissionDenied
from ningju.opinions import selectors, services
from ningju.opinions.choices import Status
from ningju.opinions.models import JournalIssue, Opinion

from .schemas import ErrorOut

router = Router(tags=["opinions"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE = 30


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class OpinionRowOut(Schema):
    id: int
    title: str
    edited_title: str
    status: str
    status_label: str
    contributor_kind: str
    unit_name: str
    submitted_at: datetime | None
    issue: str


class ReportOut(Schema):
    target: str
    target_label: str
    reported_on: date


class AdoptionOut(Schema):
    level: str
    level_label: str
    body: str
    mode: str
    adopted_on: date
    note: str


class InstructionOut(Schema):
    leader_level: str
    leader_level_label: str
    leader_title: str
    instructed_on: date
    text: str
    has_scan: bool
    is_confidential: bool


class OpinionOut(OpinionRowOut):
    situation: str
    analysis: str
    suggestion: str
    source_note: str
    edited_body: str
    office_note: str
    merged_into_id: int | None
    contributors: list[str]
    reports: list[ReportOut]
    adoptions: list[AdoptionOut]
    instructions: list[InstructionOut]


class OpinionPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[OpinionRowOut]


class DraftIn(Schema):
    title: str = ""
    situation: str = ""
    analysis: str = ""
    suggestion: str = ""
    source_note: str = ""
    contributor_kind: str = "member"
    unit_name: str = ""


class ReasonIn(Schema):
    reason: str


class EditIn(Schema):
    edited_title: str
    edited_body: str


class CompileIn(Schema):
    issue_id: int


class ReportIn(Schema):
    targets: list[str]


class AdoptIn(Schema):
    level: str
    body: str
    mode: str = "single"
    adopted_on: date | None = None
    note: str = ""


class InstructIn(Schema):
    leader_level: str
    leader_title: str = ""
    instructed_on: date | None = None
    text: str
    is_confidential: bool = False


class IssueOut(Schema):
    id: int
    year: int
    number: int
    label: str
    status: str
    published_on: date | None


class IssueIn(Schema):
    year: int | None = None
    editor_note: str = ""


class ListFilters(Schema):
    status: str = ""
    q: str = ""
    page: int = 1


def _row(o: Opinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "title": o.title,
        "edited_title": o.edited_title,
        "status": o.status,
        "status_label": str(o.get_status_display()),
        "contributor_kind": o.contributor_kind,
        "unit_name": o.unit_name,
        "submitted_at": o.submitted_at,
        "issue": str(o.issue) if o.issue_id and o.issue else "",
    }


def _full(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    o = selectors.opinion_get(user=request.user, opinion_id=opinion_id)
    return _row(o) | {
        "situation": o.situation,
        "analysis": o.analysis,
        "suggestion": o.suggestion,
        "source_note": o.source_note,
        "edited_body": o.edited_body,
        "office_note": o.office_note,
        "merged_into_id": o.merged_into_id,
        "contributors": [c.member.name for c in o.contributors.all()],
        "reports": [
            {
                "target": r.target,
                "target_label": str(r.get_target_display()),
                "reported_on": r.reported_on,
            }
            for r in o.reports.all()
        ],
        "adoptions": [
            {
                "level": a.level,
                "level_label": str(a.get_level_display()),
                "body": a.body,
                "mode": a.mode,
                "adopted_on": a.adopted_on,
                "note": a.note,
            }
            for a in o.adoptions.all()
        ],
        "instructions": [
            {
                "leader_level": i.leader_level,
                "leader_level_label": str(i.get_leader_level_display()),
                "leader_title": i.leader_title,
                "instructed_on": i.instructed_on,
                "text": i.text,
                "has_scan": bool(i.scan),
                "is_confidential": i.is_confidential,
            }
            for i in selectors.instructions_visible(user=request.user, opinion=o)
        ],
    }


def _opinion(request: HttpRequest, opinion_id: int) -> Opinion:
    return selectors.opinion_get(user=request.user, opinion_id=opinion_id)


def _page(qs: Any, page_number: int) -> dict[str, Any]:
    paginator = Paginator(qs, PAGE)
    page = paginator.get_page(page_number)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_row(o) for o in page.object_list],
    }


def _issue_out(issue: JournalIssue) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "year": issue.year,
        "number": issue.number,
        "label": str(issue),
        "status": issue.status,
        "published_on": issue.published_on,
    }


@router.get("/opinions/mine", response={200: OpinionPageOut, **ERRORS})
def opinion_list_mine(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """The caller's own items (drafts included), newest first, 30 a page."""
    if not _user(request).principal.member_id:
        raise PermissionDenied()
    qs = selectors.my_opinions(user=request.user)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    return _page(qs, filters.page)


@router.get("/opinions/queue", response={200: OpinionPageOut, **ERRORS})
def opinion_list_office(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Office staff: the screening queue (or one status), oldest first."""
    if not _user(request).has_perm("opinions.manage"):
        raise PermissionDenied()
    status = filters.status if filters.status in Status.values else ""
    return _page(
        selectors.screening_queue(user=request.user, status=status, query=filters.q), filters.page
    )


@router.get("/opinions/issues", response={200: list[IssueOut], **ERRORS})
def issue_list(request: HttpRequest) -> list[dict[str, Any]]:
    """《社情民意》 issues: members see the published ones, office staff all."""
    user = _user(request)
    if not (user.principal.member_id or user.has_perm("opinions.manage")):
        raise PermissionDenied()
    return [_issue_out(i) for i in selectors.issues_visible_to(user)]


@router.post("/opinions/issues", response={201: IssueOut, **ERRORS})
def issue_create(request: HttpRequest, payload: IssueIn) -> HttpStatus:
    issue = services.issue_create(
        acting_user=_user(request), year=payload.year, editor_note=payload.editor_note
    )
    return HttpStatus(201, _issue_out(issue))


@router.post("/opinions/issues/{issue_id}/publish", response={200: IssueOut, **ERRORS})
def issue_publish(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    issue = selectors.issue_get(user=request.user, issue_id=issue_id)
    return _issue_out(services.issue_publish(acting_user=_user(request), issue=issue))


@router.post("/opinions", response={201: OpinionOut, **ERRORS})
def opinion_create(request: HttpRequest, payload: DraftIn) -> HttpStatus:
    """Start a draft; the caller is its first contributor."""
    opinion = services.opinion_draft_create(acting_user=_user(request), **payload.dict())
    return HttpStatus(201, _full(request, opinion.pk))


@router.get("/opinions/{opinion_id}", response={200: OpinionOut, **ERRORS})
def opinion_detail(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    return _full(request, opinion_id)


@router.put("/opinions/{opinion_id}", response={200: OpinionOut, **ERRORS})
def opinion_update(request: HttpRequest, opinion_id: int, payload: DraftIn) -> dict[str, Any]:
    """Save a draft (also used for autosave)."""
    services.opinion_draft_save(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), **payload.dict()
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/submit", response={200: OpinionOut, **ERRORS})
def opinion_submit(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    services.opinion_submit(acting_user=_user(request), opinion=_opinion(request, opinion_id))
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/withdraw", response={200: OpinionOut, **ERRORS})
def opinion_withdraw(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    services.opinion_withdraw(acting_user=_user(request), opinion=_opinion(request, opinion_id))
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/screen", response={200: OpinionOut, **ERRORS})
def opinion_screen(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    services.opinion_screen(acting_user=_user(request), opinion=_opinion(request, opinion_id))
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/return", response={200: OpinionOut, **ERRORS})
def opinion_return(request: HttpRequest, opinion_id: int, payload: ReasonIn) -> dict[str, Any]:
    services.opinion_return(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), reason=payload.reason
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/decline", response={200: OpinionOut, **ERRORS})
def opinion_decline(request: HttpRequest, opinion_id: int, payload: ReasonIn) -> dict[str, Any]:
    services.opinion_decline(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), reason=payload.reason
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/edit", response={200: OpinionOut, **ERRORS})
def opinion_edit(request: HttpRequest, opinion_id: int, payload: EditIn) -> dict[str, Any]:
    """The office's edited version (the original stays as submitted)."""
    services.opinion_edit(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), **payload.dict()
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/compile", response={200: OpinionOut, **ERRORS})
def opinion_compile(request: HttpRequest, opinion_id: int, payload: CompileIn) -> dict[str, Any]:
    issue = selectors.issue_get(user=request.user, issue_id=payload.issue_id)
    services.opinion_compile(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), issue=issue
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/report", response={200: OpinionOut, **ERRORS})
def opinion_report(request: HttpRequest, opinion_id: int, payload: ReportIn) -> dict[str, Any]:
    services.opinion_report(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), targets=payload.targets
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/adopt", response={200: OpinionOut, **ERRORS})
def opinion_adopt(request: HttpRequest, opinion_id: int, payload: AdoptIn) -> dict[str, Any]:
    services.opinion_adopt(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), **payload.dict()
    )
    return _full(request, opinion_id)


@router.post("/opinions/{opinion_id}/instruct", response={200: OpinionOut, **ERRORS})
def opinion_instruct(request: HttpRequest, opinion_id: int, payload: InstructIn) -> dict[str, Any]:
    """A leader's instruction as text (scans are uploaded on the web page)."""
    services.opinion_instruct(
        acting_user=_user(request), opinion=_opinion(request, opinion_id), **payload.dict()
    )
    return _full(request, opinion_id)
