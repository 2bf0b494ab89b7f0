"""/api/v1/requests: public requests (有事来商量) for the mobile app and the public site.

Two operations are anonymous (`auth=None`): submitting a request and looking one up by its
follow-up code. They take no cookie or session into account, so a cross-site page gains
nothing by calling them (there is no ambient authority for CSRF to abuse); they accept JSON
only, and they go through the same consent check, input rules, moderation filter and
per-IP / per-phone rate limits as the /consult/ form. Everything else needs a signed-in
office staff member or receiver, with the usual session CSRF check.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus

from ningju.accounts.models import User
from ningju.core.audit import record
from ningju.core.errors import DomainError, PermissionDenied
from ningju.core.masking import mask_name, mask_phone
from ningju.core.middleware import client_ip
from ningju.voices import ratelimit, selectors, services
from ningju.voices.choices import Status
from ningju.voices.models import PublicRequest
from ningju.voices.services import RateLimited, Route, Submission, format_code
from ningju.voices.workflow import PUBLIC_STATUS

from .schemas import ErrorOut

router = Router(tags=["voices"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
TRACK_LOOKUPS_PER_HOUR = 20


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class SubmitIn(Schema):
    organisation_id: int
    subject: str
    title: str
    text: str
    phone: str
    requester_name: str = ""
    publish_consent: bool = False
    consent: bool = False
    website: str = ""  # the form's honeypot, kept for parity; people leave it empty


class SubmitOut(Schema):
    code: str
    status: str
    status_label: str


class TrackIn(Schema):
    code: str
    last4: str


class TrackOut(Schema):
    code: str
    title: str
    organisation: str
    status: str
    status_label: str
    submitted_at: datetime
    outcome: str


class RequestRowOut(Schema):
    id: int
    code: str
    title: str
    subject: str
    status: str
    status_label: str
    requester: str
    route_kind: str
    created_at: datetime


class RequestOut(RequestRowOut):
    text: str
    phone_masked: str
    publish_consent: bool
    moderation_reasons: list[str]
    routed_member_id: int | None
    routed_station_id: int | None
    routed_unit_id: int | None
    merged_into_id: int | None
    outcome: str
    published_at: datetime | None


class ReasonIn(Schema):
    reason: str


class RouteIn(Schema):
    kind: str
    member_id: int | None = None
    station_id: int | None = None
    unit_id: int | None = None
    note: str = ""


class AnswerIn(Schema):
    outcome: str


def _row(item: PublicRequest) -> dict:
    return {
        "id": item.pk,
        "code": format_code(item.code),
        "title": item.title,
        "subject": item.subject,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "requester": mask_name(item.requester_name),
        "route_kind": item.route_kind,
        "created_at": item.created_at,
    }


def _full(item: PublicRequest, user: User) -> dict:
    staff = user.has_perm("voices.moderate", item)
    return {
        **_row(item),
        "text": item.text,
        "phone_masked": mask_phone(item.phone),
        "publish_consent": item.publish_consent,
        "moderation_reasons": list(item.moderation_reasons) if staff else [],
        "routed_member_id": item.routed_member_id,
        "routed_station_id": item.routed_station_id,
        "routed_unit_id": item.routed_unit_id,
        "merged_into_id": item.merged_into_id,
        "outcome": item.outcome,
        "published_at": item.published_at,
    }


@router.post("/requests/public", auth=None, response={201: SubmitOut, **PUBLIC_ERRORS})
def request_submit(request: HttpRequest, payload: SubmitIn) -> HttpStatus:
    """Anyone: state a concern. Flagged text is held for review (status `held`, shown to the
    requester as received); the response carries the follow-up code."""
    if payload.website:
        record(action="voices.honeypot", success=False, object_type="voices")
        raise DomainError(code="rejected")
    try:
        item = services.request_submit(
            data=Submission(
                organisation_id=payload.organisation_id,
                subject=payload.subject,
                title=payload.title,
                text=payload.text,
                phone=payload.phone,
                requester_name=payload.requester_name,
                publish_consent=payload.publish_consent,
                consent=payload.consent,
            ),
            ip_address=client_ip(request) or "",
        )
    except RateLimited as exc:
        return HttpStatus(429, {"code": exc.code, "message": str(exc.message), "detail": {}})
    shown = PUBLIC_STATUS.get(item.status, item.status)
    return HttpStatus(
        201,
        {
            "code": format_code(item.code),
            "status": shown,
            "status_label": str(Status(shown).label),
        },
    )


@router.post("/requests/track", auth=None, response={200: TrackOut, **PUBLIC_ERRORS})
def request_track(request: HttpRequest, payload: TrackIn) -> HttpStatus:
    """Anyone holding the follow-up code and the phone's last four digits."""
    from django.utils.translation import gettext as _

    if ratelimit.ip_exceeded(client_ip(request) or "", limit=TRACK_LOOKUPS_PER_HOUR):
        return HttpStatus(
            429,
            {
                "code": "rate_limited",
                "message": _("查询过于频繁，请一小时后再试。"),
                "detail": {},
            },
        )
    item = selectors.request_track(code=payload.code, phone_last4=payload.last4)
    if item is None:
        return HttpStatus(
            404,
            {
                "code": "not_found",
                "message": _("没有找到：请核对查询码和手机号后四位。"),
                "detail": {},
            },
        )
    shown = PUBLIC_STATUS.get(item.status, item.status)
    return HttpStatus(
        200,
        {
            "code": format_code(item.code),
            "title": item.title,
            "organisation": item.organisation.name,
            "status": shown,
            "status_label": str(Status(shown).label),
            "submitted_at": item.created_at,
            "outcome": item.outcome if item.status in (Status.ANSWERED, Status.PUBLISHED) else "",
        },
    )


def _may_use(user: User) -> None:
    principal = user.principal
    if not (principal.has("office_staff", "unit_officer") or principal.member_id):
        raise PermissionDenied()


@router.get("/requests", response={200: list[RequestRowOut], **ERRORS})
def request_list(
    request: HttpRequest, status: str = "", q: str = Query("", alias="q")
) -> list[dict]:
    """Office staff: every request of the committee; receivers: what was routed to them."""
    user = _user(request)
    _may_use(user)
    rows = selectors.request_list(user=user, status=status, query=q)[:200]
    return [_row(item) for item in rows]


def _get(request: HttpRequest, request_id: int) -> PublicRequest:
    user = _user(request)
    _may_use(user)
    return selectors.request_get(user=user, request_id=request_id)


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS})
def request_detail(request: HttpRequest, request_id: int) -> dict:
    return _full(_get(request, request_id), _user(request))


@router.post("/requests/{request_id}/release", response={200: RequestOut, **ERRORS})
def request_release(request: HttpRequest, request_id: int) -> dict:
    item = services.request_release(acting_user=_user(request), request=_get(request, request_id))
    return _full(item, _user(request))


@router.post("/requests/{request_id}/reject", response={200: RequestOut, **ERRORS})
def request_reject(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict:
    item = services.request_reject(
        acting_user=_user(request), request=_get(request, request_id), reason=payload.reason
    )
    return _full(item, _user(request))


@router.post("/requests/{request_id}/route", response={200: RequestOut, **ERRORS})
def request_route(request: HttpRequest, request_id: int, payload: RouteIn) -> dict:
    item = services.request_route(
        acting_user=_user(request),
        request=_get(request, request_id),
        route=Route(
            kind=payload.kind,
            member_id=payload.member_id,
            station_id=payload.station_id,
            unit_id=payload.unit_id,
            note=payload.note,
        ),
    )
    return _full(item, _user(request))


@router.post("/requests/{request_id}/answer", response={200: RequestOut, **ERRORS})
def request_answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> dict:
    item = services.request_answer(
        acting_user=_user(request), request=_get(request, request_id), outcome=payload.outcome
    )
    return _full(item, _user(request))


@router.post("/requests/{request_id}/publish", response={200: RequestOut, **ERRORS})
def request_publish(request: HttpRequest, request_id: int) -> dict:
    item = services.request_publish(acting_user=_user(request), request=_get(request, request_id))
    return _full(item, _user(request))
