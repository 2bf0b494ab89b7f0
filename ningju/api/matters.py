"""/api/v1/matters: 为群众办实事 for the mobile app, through the same services and
selectors as the pages. Evidence files are uploaded on the page (multipart)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.matters import deadlines, selectors, services
from ningju.matters.choices import Status
from ningju.matters.models import Matter
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit

from .schemas import ErrorOut

router = Router(tags=["matters"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE_SIZE = 30
ACTIONS = ("report_done", "confirm", "return", "cancel")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class MatterRowOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    deadline: date
    overdue: bool
    days_left: int
    percent: int
    owner_member: str
    owner_unit: str


class UpdateOut(Schema):
    happened_on: date
    percent: int
    stage: str
    note: str


class EvidenceOut(Schema):
    id: int
    file_name: str
    content_type: str
    size: int
    caption: str
    url: str


class MatterOut(MatterRowOut):
    description: str
    beneficiaries: str
    location: str
    source_kind: str
    source_reference: str
    public_request_id: int | None
    reception_id: int | None
    completion_summary: str
    completed_on: date | None
    is_public: bool
    updates: list[UpdateOut]
    evidence: list[EvidenceOut]


class MatterPageOut(Schema):
    count: int
    page: int
    pages: int
    counts: dict[str, int]
    results: list[MatterRowOut]


class PublicMatterOut(Schema):
    id: int
    title: str
    organisation: str
    beneficiaries: str
    location: str
    completion_summary: str
    completed_on: date | None


class ListFilters(Schema):
    status: str = ""
    overdue: bool = False
    page: int = 1


class MatterIn(Schema):
    title: str
    description: str
    deadline: date
    owner_member_id: int | None = None
    owner_unit_id: int | None = None
    beneficiaries: str = ""
    location: str = ""
    source_kind: str = "other"
    source_reference: str = ""
    is_public: bool = True


class ProgressIn(Schema):
    note: str
    percent: int
    stage: str = ""
    happened_on: date | None = None


class ActionIn(Schema):
    summary: str = ""
    reason: str = ""


def _row(m: Matter, now: datetime) -> dict[str, Any]:
    return {
        "id": m.pk,
        "title": m.title,
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "deadline": m.deadline,
        "overdue": deadlines.is_overdue(m, now=now),
        "days_left": deadlines.days_left(m, now=now),
        "percent": m.percent,
        "owner_member": m.owner_member.name if m.owner_member else "",
        "owner_unit": m.owner_unit.name if m.owner_unit else "",
    }


def _full(m: Matter) -> dict[str, Any]:
    from django.urls import reverse
    from django.utils import timezone

    return {
        **_row(m, timezone.now()),
        "description": m.description,
        "beneficiaries": m.beneficiaries,
        "location": m.location,
        "source_kind": m.source_kind,
        "source_reference": m.source_reference,
        "public_request_id": m.public_request_id,
        "reception_id": m.reception_id,
        "completion_summary": m.completion_summary,
        "completed_on": m.completed_on,
        "is_public": m.is_public,
        "updates": [
            {"happened_on": u.happened_on, "percent": u.percent, "stage": u.stage, "note": u.note}
            for u in m.updates.all()
        ],
        "evidence": [
            {
                "id": e.pk,
                "file_name": e.file_name,
                "content_type": e.content_type,
                "size": e.size,
                "caption": e.caption,
                "url": reverse("matters:evidence", args=[m.pk, e.pk]),
            }
            for e in m.evidence.all()
        ],
    }


def _matter(request: HttpRequest, matter_id: int) -> Matter:
    return selectors.matter_get(user=request.user, matter_id=matter_id)


@router.get("/matters", response={200: MatterPageOut, **ERRORS})
def matter_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Office staff and leaders: all of the committee's; members and units: their own."""
    from django.utils import timezone

    user = _user(request)
    if not user.has_perm("matters.list"):
        raise PermissionDenied()
    status = filters.status if filters.status in Status.values else ""
    paginator = Paginator(
        selectors.matter_list(user=user, status=status, overdue=filters.overdue), PAGE_SIZE
    )
    page = paginator.get_page(filters.page)
    now = timezone.now()
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "counts": selectors.matter_counts(user=user, now=now),
        "results": [_row(m, now) for m in page.object_list],
    }


@router.get("/matters/completed", response={200: list[PublicMatterOut], **ERRORS})
def matters_completed(request: HttpRequest, limit: int = 10) -> list[dict[str, Any]]:
    """The caller's committee's completed public matters (what the portal shows)."""
    organisation = _user(request).principal.organisation_id
    if organisation is None:
        raise PermissionDenied()
    return [
        {
            "id": m.pk,
            "title": m.title,
            "organisation": m.organisation.short_name,
            "beneficiaries": m.beneficiaries,
            "location": m.location,
            "completion_summary": m.completion_summary,
            "completed_on": m.completed_on,
        }
        for m in selectors.matters_completed_public(
            organisation=organisation, limit=max(0, min(limit, 50))
        )
    ]


@router.post("/matters", response={201: MatterOut, **ERRORS})
def matter_create(request: HttpRequest, payload: MatterIn) -> HttpStatus:
    """Office staff register a promise; owners: a member and/or a handling unit."""
    user = _user(request)
    if not user.has_perm("matters.create"):
        raise PermissionDenied()
    org = user.principal.org
    member = (
        Member.objects.filter(pk=payload.owner_member_id, organisation_id=org).first()
        if payload.owner_member_id
        else None
    )
    unit = (
        HandlingUnit.objects.filter(pk=payload.owner_unit_id, organisation_id=org).first()
        if payload.owner_unit_id
        else None
    )
    if payload.owner_member_id and member is None:
        raise DomainError(code="invalid", field="owner_member_id")
    if payload.owner_unit_id and unit is None:
        raise DomainError(code="invalid", field="owner_unit_id")
    matter = services.matter_create(
        acting_user=user,
        data=services.MatterData(
            title=payload.title,
            description=payload.description,
            deadline=payload.deadline,
            owner_member=member,
            owner_unit=unit,
            beneficiaries=payload.beneficiaries,
            location=payload.location,
            source_kind=payload.source_kind,
            source_reference=payload.source_reference,
            is_public=payload.is_public,
        ),
    )
    return HttpStatus(201, _full(matter))


@router.get("/matters/{matter_id}", response={200: MatterOut, **ERRORS})
def matter_detail(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    return _full(_matter(request, matter_id))


@router.post("/matters/{matter_id}/progress", response={200: MatterOut, **ERRORS})
def matter_progress(request: HttpRequest, matter_id: int, payload: ProgressIn) -> dict[str, Any]:
    """The owner (or the office) records dated progress."""
    services.matter_progress_add(
        acting_user=_user(request),
        matter=_matter(request, matter_id),
        note=payload.note,
        percent=payload.percent,
        stage=payload.stage,
        happened_on=payload.happened_on,
    )
    return _full(_matter(request, matter_id))


@router.post("/matters/{matter_id}/actions/{action}", response={200: MatterOut, **ERRORS})
def matter_act(
    request: HttpRequest, matter_id: int, action: str, payload: ActionIn
) -> dict[str, Any]:
    """report_done (summary) | confirm | return (reason) | cancel (reason)."""
    user = _user(request)
    matter = _matter(request, matter_id)
    if action not in ACTIONS:
        raise NotFoundOrForbidden()
    if action == "report_done":
        services.matter_report_done(acting_user=user, matter=matter, summary=payload.summary)
    elif action == "confirm":
        services.matter_confirm(acting_user=user, matter=matter)
    elif action == "return":
        services.matter_return(acting_user=user, matter=matter, reason=payload.reason)
    else:
        services.matter_cancel(acting_user=user, matter=matter, reason=payload.reason)
    return _full(_matter(request, matter_id))
