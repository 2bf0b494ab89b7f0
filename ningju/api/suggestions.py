"""/api/v1/suggestions: 微建议 for the mobile app, through the same services and selectors
as the pages. The anonymous public form is a page only (/suggestions/new/)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.orgs.models import HandlingUnit, Office
from ningju.suggestions import selectors, services
from ningju.suggestions.choices import Status
from ningju.suggestions.models import Suggestion

from .schemas import ErrorOut

router = Router(tags=["suggestions"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE_SIZE = 30
ACTIONS = ("release", "reject", "assign", "reply", "return", "publish", "close")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class SuggestionRowOut(Schema):
    id: int
    title: str
    category: str
    source: str
    status: str
    status_label: str
    assignee: str
    created_at: datetime
    is_published: bool


class SuggestionOut(SuggestionRowOut):
    body: str
    author_name: str
    reply: str
    replied_at: datetime | None
    return_reason: str
    rejection_reason: str
    screening_reasons: list[str]
    allowed_actions: list[str]


class SuggestionPageOut(Schema):
    count: int
    page: int
    pages: int
    counts: dict[str, int]
    results: list[SuggestionRowOut]


class SuggestionIn(Schema):
    title: str
    body: str
    category: str = "other"


class ActionIn(Schema):
    unit_id: int | None = None
    office_id: int | None = None
    note: str = ""
    reply: str | None = None
    reason: str = ""


class PageFilters(Schema):
    status: str = ""
    page: int = 1


def _row(s: Suggestion) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "category": s.category,
        "source": s.source,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "assignee": s.assignee_name,
        "created_at": s.created_at,
        "is_published": s.is_published,
    }


def _full(user: User, s: Suggestion) -> dict[str, Any]:
    is_staff = user.has_perm("suggestions.triage", s)
    handler = is_staff or user.has_perm("suggestions.reply", s)
    actions = []
    if is_staff:
        actions += [a for a in ("release", "reject", "assign") if _allowed(s, a)]
        if s.status == Status.REPLIED:
            actions += ["publish", "close", "return"]
    if _allowed(s, "reply") and user.has_perm("suggestions.reply", s):
        actions.append("reply")
    return {
        **_row(s),
        "body": s.body,
        "author_name": s.author_name if handler or s.author_id == user.pk else "",
        "reply": s.reply if (handler or s.status == Status.CLOSED) else "",
        "replied_at": s.replied_at if (handler or s.status == Status.CLOSED) else None,
        "return_reason": s.return_reason if handler else "",
        "rejection_reason": s.rejection_reason,
        "screening_reasons": [str(r) for r in s.screening_reasons] if is_staff else [],
        "allowed_actions": actions,
    }


def _allowed(s: Suggestion, action: str) -> bool:
    from ningju.suggestions.workflow import allowed_actions

    return action in allowed_actions(s.status)


def _page(queryset: Any, page: int, counts: dict[str, int]) -> dict[str, Any]:
    paginator = Paginator(queryset, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "counts": counts,
        "results": [_row(s) for s in current.object_list],
    }


@router.get("/suggestions/mine", response={200: SuggestionPageOut, **ERRORS})
def suggestions_mine(request: HttpRequest, filters: Query[PageFilters]) -> dict[str, Any]:
    """The caller's own 微建议 (我的微建议), newest first."""
    user = _user(request)
    if not user.has_perm("suggestions.submit"):
        raise PermissionDenied()
    return _page(selectors.suggestions_mine(user=user), filters.page, {})


@router.post("/suggestions", response={201: SuggestionOut, **ERRORS})
def suggestion_create(request: HttpRequest, payload: SuggestionIn) -> HttpStatus:
    """A member submits a 微建议 (screened; flagged text is held for staff)."""
    user = _user(request)
    suggestion = services.suggestion_submit_member(
        acting_user=user, title=payload.title, body=payload.body, category=payload.category
    )
    return HttpStatus(201, _full(user, suggestion))


@router.get("/suggestions/queue", response={200: SuggestionPageOut, **ERRORS})
def suggestion_queue(request: HttpRequest, filters: Query[PageFilters]) -> dict[str, Any]:
    """Office staff: the whole queue; handling units: what was given to them. Counts by
    status."""
    user = _user(request)
    if not user.has_perm("suggestions.view_queue"):
        raise PermissionDenied()
    status = filters.status if filters.status in Status.values else ""
    return _page(
        selectors.suggestion_queue(user=user, status=status),
        filters.page,
        selectors.suggestion_counts(user=user),
    )


@router.get("/suggestions/{suggestion_id}", response={200: SuggestionOut, **ERRORS})
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> dict[str, Any]:
    user = _user(request)
    return _full(user, selectors.suggestion_get(user=user, suggestion_id=suggestion_id))


@router.post(
    "/suggestions/{suggestion_id}/actions/{action}", response={200: SuggestionOut, **ERRORS}
)
def suggestion_act(
    request: HttpRequest, suggestion_id: int, action: str, payload: ActionIn
) -> dict[str, Any]:
    """release | reject (reason) | assign (unit_id or office_id, note) | reply (reply) |
    return (reason) | publish / close (optional edited reply)."""
    user = _user(request)
    s = selectors.suggestion_get(user=user, suggestion_id=suggestion_id)
    if action not in ACTIONS:
        raise NotFoundOrForbidden()
    if action == "release":
        s = services.suggestion_release(acting_user=user, suggestion=s)
    elif action == "reject":
        s = services.suggestion_reject(acting_user=user, suggestion=s, reason=payload.reason)
    elif action == "assign":
        unit = HandlingUnit.objects.filter(pk=payload.unit_id).first() if payload.unit_id else None
        office = Office.objects.filter(pk=payload.office_id).first() if payload.office_id else None
        if (payload.unit_id and unit is None) or (payload.office_id and office is None):
            raise DomainError(code="invalid", field="unit_id")
        s = services.suggestion_assign(
            acting_user=user, suggestion=s, unit=unit, office=office, note=payload.note
        )
    elif action == "reply":
        s = services.suggestion_reply(acting_user=user, suggestion=s, reply=payload.reply or "")
    elif action == "return":
        s = services.suggestion_return(acting_user=user, suggestion=s, reason=payload.reason)
    else:
        s = services.suggestion_close(
            acting_user=user, suggestion=s, publish=action == "publish", reply=payload.reply
        )
    return _full(user, selectors.suggestion_get(user=user, suggestion_id=s.pk))
