"""/api/v1/ operations of ningju.activities: activities, campaigns with totals, study
sessions and 书香政协 check-ins, through the same services and selectors as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.activities import selectors, services
from ningju.activities.choices import ActivityKind, ActivityStatus, StudyKind
from ningju.activities.models import Activity
from ningju.core.errors import PermissionDenied

from .schemas import ErrorOut

router = Router(tags=["activities"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require(request: HttpRequest, perm: str) -> None:
    if not _user(request).has_perm(perm):
        raise PermissionDenied


class FiguresOut(Schema):
    activity_count: int = 0
    people_served: int
    value_donated: Decimal
    items_donated: int
    trees_planted: int
    projects_signed: int


class ActivityRowOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    occurred_on: date
    place: str
    campaign_id: int | None
    brand_id: int | None
    people_served: int
    value_donated: Decimal
    items_donated: int
    trees_planted: int
    projects_signed: int


class ActivityOut(ActivityRowOut):
    organiser_kind: str
    committee_id: int | None
    sector_id: int | None
    report: str
    return_reason: str
    participant_ids: list[int]
    photo_urls: list[str]


class ActivityPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ActivityRowOut]


class ActivityIn(Schema):
    title: str
    kind: str = ActivityKind.GRASSROOTS
    organiser_kind: str = "organisation"
    committee_id: int | None = None
    sector_id: int | None = None
    campaign_id: int | None = None
    brand_id: int | None = None
    occurred_on: date
    place: str
    report: str = ""
    people_served: int = 0
    value_donated: Decimal = Decimal("0")
    items_donated: int = 0
    trees_planted: int = 0
    projects_signed: int = 0
    submit: bool = False


class ActivityFilters(Schema):
    page: int = 1
    kind: str = ""
    status: str = ""
    campaign_id: int | None = None
    mine: bool = False
    q: str = ""


class CampaignOut(Schema):
    id: int
    title: str
    starts_on: date
    ends_on: date
    targets: FiguresOut
    totals: FiguresOut


class StudySessionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    held_on: date
    place: str
    speaker: str
    attendee_count: int
    note_count: int


class StudyPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[StudySessionOut]


class StudyFilters(Schema):
    page: int = 1
    kind: str = ""


class CheckInIn(Schema):
    book_id: int
    read_on: date
    pages: int = 0
    minutes: int = 0
    note: str = ""


class CheckInOut(Schema):
    id: int
    book_id: int
    book_title: str
    read_on: date
    pages: int
    minutes: int
    note: str


class CheckInPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[CheckInOut]


def _row(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "kind": a.kind,
        "kind_label": str(a.get_kind_display()),
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "occurred_on": a.occurred_on,
        "place": a.place,
        "campaign_id": a.campaign_id,
        "brand_id": a.brand_id,
        "people_served": a.people_served,
        "value_donated": a.value_donated,
        "items_donated": a.items_donated,
        "trees_planted": a.trees_planted,
        "projects_signed": a.projects_signed,
    }


def _full(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    from django.urls import reverse

    a = selectors.activity_get(user=_user(request), activity_id=activity_id)
    return {
        **_row(a),
        "organiser_kind": a.organiser_kind,
        "committee_id": a.committee_id,
        "sector_id": a.sector_id,
        "report": a.report,
        "return_reason": a.return_reason,
        "participant_ids": list(a.participations.values_list("member_id", flat=True)),
        "photo_urls": [
            reverse("activities:photo", args=[pk]) for pk in a.photos.values_list("id", flat=True)
        ],
    }


@router.get("/activities", response={200: ActivityPageOut, **ERRORS})
def activity_list(request: HttpRequest, filters: Query[ActivityFilters]) -> dict[str, Any]:
    """Activities the caller may see (members: confirmed ones and their own), newest first."""
    _require(request, "activities.view")
    queryset = selectors.activity_list(
        user=_user(request),
        kind=filters.kind if filters.kind in ActivityKind.values else "",
        status=filters.status if filters.status in ActivityStatus.values else "",
        campaign_id=filters.campaign_id,
        mine=filters.mine,
        query=filters.q[:50],
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_row(a) for a in page.object_list],
    }


@router.post("/activities", response={201: ActivityOut, **ERRORS})
def activity_create(request: HttpRequest, payload: ActivityIn) -> HttpStatus:
    """A member records their own activity (draft; `submit` sends it to the office)."""
    data = payload.dict()
    submit = data.pop("submit")
    activity = services.activity_create(
        acting_user=_user(request), data=services.ActivityData(**data)
    )
    if submit:
        services.activity_submit(acting_user=_user(request), activity=activity)
    return HttpStatus(201, _full(request, activity.pk))


@router.get("/activities/campaigns", response={200: list[CampaignOut], **ERRORS})
def campaign_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Campaigns with their targets and the totals of their confirmed activities."""
    _require(request, "activities.view")
    names = ("people_served", "value_donated", "items_donated", "trees_planted", "projects_signed")
    return [
        {
            "id": c.pk,
            "title": c.title,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "targets": {"activity_count": c.target_activities} | {n: getattr(c, n) for n in names},
            "totals": {"activity_count": getattr(c, "total_activity_count", 0)}
            | {n: getattr(c, f"total_{n}") for n in names},
        }
        for c in selectors.campaigns_with_totals(user=_user(request))
    ]


@router.get("/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def activity_detail(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    return _full(request, activity_id)


@router.get("/study/sessions", response={200: StudyPageOut, **ERRORS})
def study_session_list(request: HttpRequest, filters: Query[StudyFilters]) -> dict[str, Any]:
    """Study sessions of the six kinds, newest first."""
    _require(request, "study.view")
    queryset = selectors.study_sessions(
        user=_user(request), kind=filters.kind if filters.kind in StudyKind.values else ""
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [
            {
                "id": s.pk,
                "kind": s.kind,
                "kind_label": str(s.get_kind_display()),
                "title": s.title,
                "held_on": s.held_on,
                "place": s.place,
                "speaker": s.speaker,
                "attendee_count": s.attendee_count,
                "note_count": s.note_count,
            }
            for s in page.object_list
        ],
    }


def _checkin(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "book_id": c.book_id,
        "book_title": c.book.title,
        "read_on": c.read_on,
        "pages": c.pages,
        "minutes": c.minutes,
        "note": c.note,
    }


@router.get("/reading/checkins", response={200: CheckInPageOut, **ERRORS})
def checkin_list(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """The caller's own 读书打卡, newest first."""
    _require(request, "study.read")
    current = Paginator(selectors.my_checkins(user=_user(request)), PAGE_SIZE).get_page(page)
    return {
        "count": current.paginator.count,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "results": [_checkin(c) for c in current.object_list],
    }


@router.post("/reading/checkins", response={201: CheckInOut, **ERRORS})
def checkin_create(request: HttpRequest, payload: CheckInIn) -> HttpStatus:
    checkin = services.checkin_create(
        acting_user=_user(request), data=services.CheckInData(**payload.dict())
    )
    return HttpStatus(201, _checkin(checkin))
