"""Every public-request state change: rate limits and moderation on submission; permission,
transition table, row lock, audit and notifications after commit for staff and receivers.
Pages, the API and the demo loader all call these.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningju.accounts.models import User
from ningju.core import audit, crypto
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Organisation
from ningju.textmatch.normalize import to_simplified

from . import notifications, ratelimit
from .choices import RouteKind, Status, Subject
from .models import PublicRequest
from .workflow import next_status

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: easy to read out on the phone and to type.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 8
CONSENT_VERSION = "2026-1"
MOBILE = re.compile(r"^1[3-9]\d{9}$")
TITLE_MAX = 80
TEXT_MIN = 10
TEXT_MAX = 1500


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = gettext_lazy("提交过于频繁，请稍后再试。")


def clean_mobile(value: str) -> str:
    """Mainland mobile number, spaces/dashes and a +86 prefix tolerated; else DomainError."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE.match(digits):
        raise DomainError(_("请填写11位手机号码，例如 13812345678。"), code="phone", field="phone")
    return digits


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not PublicRequest.objects.filter(code=code).exists():
            return code


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def submission_organisations() -> list[Organisation]:
    """The prefecture committee and the county committees (the choices on the form)."""
    return list(
        Organisation.objects.filter(level__in=["prefecture", "county"]).order_by("sort_order", "id")
    )


@dataclass
class Submission:
    organisation_id: int
    subject: str
    title: str
    text: str
    phone: str
    requester_name: str = ""
    publish_consent: bool = False
    consent: bool = False


def _lock(request: PublicRequest) -> PublicRequest:
    return PublicRequest.objects.select_for_update().get(pk=request.pk)


def _transition(
    request: PublicRequest, action: str, *, actor: User, fields: list[str], **extra: Any
) -> None:
    """Move `request` through the table and audit the change (caller holds the lock)."""
    old = request.status
    request.status = next_status(old, action)
    request.save(update_fields=["status", "updated_at", *fields])
    audit.record(
        action=f"voices.{action}",
        actor=actor,
        organisation=request.organisation_id,
        target=request,
        before={"status": old},
        after={"status": request.status, **extra},
    )


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def request_submit(*, data: Submission, ip_address: str = "") -> PublicRequest:
    """Anyone's request from /consult/ or the API. Checks consent, input and rate limits, screens
    the text, and stores it HELD (filter hit) or RECEIVED. Nothing is ever dropped silently.
    """
    from ningju.moderation.services import screen_text

    if not data.consent:
        raise DomainError(
            _("请阅读个人信息告知并勾选同意后再提交。"), code="consent", field="consent"
        )
    organisation = Organisation.objects.filter(
        pk=data.organisation_id, level__in=["prefecture", "county"]
    ).first()
    if organisation is None:
        raise DomainError(_("请选择受理的政协。"), code="organisation", field="organisation")
    if data.subject not in Subject.values:
        raise DomainError(_("请选择诉求领域。"), code="subject", field="subject")
    title = (data.title or "").strip()
    text = (data.text or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError(
            _("请填写标题（不超过%(n)d字）。") % {"n": TITLE_MAX}, code="title", field="title"
        )
    if len(text) < TEXT_MIN or len(text) > TEXT_MAX:
        raise DomainError(
            _("请把事情说清楚：%(min)d到%(max)d字。") % {"min": TEXT_MIN, "max": TEXT_MAX},
            code="text",
            field="text",
        )
    phone = clean_mobile(data.phone)
    phone_index = crypto.blind_index(phone, purpose="phone")
    which = ratelimit.exceeded(ip=ip_address, phone_index=phone_index)
    if which == "ip":
        raise RateLimited(
            _("这台设备提交得太频繁了，请一小时后再试。如有急事请拨打政协办公室电话。")
        )
    if which == "phone":
        raise RateLimited(
            _("这个手机号今天已提交了多次，请明天再试，或用查询码查看已提交事项的进展。"),
            field="phone",
        )
    verdict = screen_text(f"{title}\n{data.requester_name}\n{text}", organisation=organisation)
    with transaction.atomic():
        request = PublicRequest.objects.create(
            organisation=organisation,
            code=_new_code(),
            subject=data.subject,
            title=title,
            title_search=to_simplified(title)[:80],
            text=text,
            requester_name=(data.requester_name or "").strip()[:40],
            phone=phone,
            phone_index=phone_index,
            consent_at=timezone.now(),
            consent_version=CONSENT_VERSION,
            publish_consent=bool(data.publish_consent),
            status=Status.HELD if verdict.flagged else Status.RECEIVED,
            moderation_reasons=list(verdict.reasons),
            moderation_codes=list(verdict.codes),
        )
        audit.record(
            action="voices.submit",
            actor=None,
            organisation=organisation.pk,
            target=request,
            after={
                "status": request.status,
                "codes": list(verdict.codes),
                "publish_consent": request.publish_consent,
            },
            ip_address=ip_address or None,
        )
        notifications.submitted(request)
    ratelimit.count(ip=ip_address, phone_index=phone_index)
    return request


@transaction.atomic
def request_release(*, acting_user: User, request: PublicRequest, note: str = "") -> PublicRequest:
    """The filter was wrong: staff accept the held request."""
    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    request.status_note = note.strip()
    _transition(request, "release", actor=acting_user, fields=["status_note"], note=note)
    return request


@transaction.atomic
def request_reject(*, acting_user: User, request: PublicRequest, reason: str) -> PublicRequest:
    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请写明不予受理的理由（会告知提出人）。"), field="reason")
    request.status_note = reason
    _transition(request, "reject", actor=acting_user, fields=["status_note"], reason=reason)
    return request


@transaction.atomic
def request_merge(
    *, acting_user: User, request: PublicRequest, into: PublicRequest
) -> PublicRequest:
    """A duplicate joins `into`; its requester follows that request's progress."""
    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    if into.pk == request.pk or into.organisation_id != request.organisation_id:
        raise DomainError(_("只能合并到本级受理的另一件诉求。"), field="into")
    if into.status in (Status.HELD, Status.REJECTED, Status.MERGED):
        raise DomainError(_("不能合并到待审核、不予受理或已合并的诉求。"), field="into")
    request.merged_into = into
    _transition(request, "merge", actor=acting_user, fields=["merged_into"], merged_into=into.pk)
    return request


@dataclass
class Route:
    kind: str
    member_id: int | None = None
    station_id: int | None = None
    unit_id: int | None = None
    note: str = ""


@transaction.atomic
def request_route(*, acting_user: User, request: PublicRequest, route: Route) -> PublicRequest:
    """转办 to a member, a station or a handling unit of the same committee; they are told."""
    from ningju.stations.models import Station

    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    org = request.organisation_id
    member = station = unit = None
    if route.kind == RouteKind.MEMBER:
        member = Member.objects.filter(pk=route.member_id or 0, organisation_id=org).first()
        if member is None:
            raise DomainError(_("请选择本级的委员。"), field="member")
    elif route.kind == RouteKind.STATION:
        station = Station.objects.filter(
            pk=route.station_id or 0, organisation_id=org, is_active=True
        ).first()
        if station is None:
            raise DomainError(_("请选择本级在用的联络站。"), field="station")
    elif route.kind == RouteKind.UNIT:
        unit = HandlingUnit.objects.filter(
            pk=route.unit_id or 0, organisation_id=org, is_active=True
        ).first()
        if unit is None:
            raise DomainError(_("请选择本级的承办单位。"), field="unit")
    else:
        raise DomainError(_("请选择转办给谁。"), field="kind")
    request.route_kind = route.kind
    request.routed_member = member
    request.routed_station = station
    request.routed_unit = unit
    request.routed_at = timezone.now()
    if route.note.strip():
        request.status_note = route.note.strip()
    _transition(
        request,
        "route",
        actor=acting_user,
        fields=[
            "route_kind",
            "routed_member",
            "routed_station",
            "routed_unit",
            "routed_at",
            "status_note",
        ],
        route_kind=route.kind,
        target=(member or station or unit).pk,  # type: ignore[union-attr]
    )
    notifications.routed(request, acting_user=acting_user)
    return request


@transaction.atomic
def request_answer(
    *,
    acting_user: User,
    request: PublicRequest,
    outcome: str,
    reception: Any = None,
) -> PublicRequest:
    """The receiver (or staff) records the outcome; staff then decide on publishing."""
    request = _lock(request)
    _require(acting_user, "voices.answer", request)
    outcome = (outcome or "").strip()
    if len(outcome) < 5:
        raise DomainError(_("请写明办理结果（至少5个字）。"), field="outcome")
    request.outcome = outcome
    request.outcome_at = timezone.now()
    request.outcome_by = acting_user
    fields = ["outcome", "outcome_at", "outcome_by"]
    if reception is not None:
        request.reception = reception
        fields.append("reception")
    _transition(
        request,
        "answer",
        actor=acting_user,
        fields=fields,
        reception=getattr(reception, "pk", None),
    )
    notifications.answered(request, acting_user=acting_user)
    return request


@transaction.atomic
def request_publish(*, acting_user: User, request: PublicRequest) -> PublicRequest:
    """Show the outcome on /consult/: only with the requester's consent and staff approval."""
    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    if not request.publish_consent:
        raise DomainError(_("提出人未同意公开，不能公开办理结果。"), code="no_consent")
    request.published_at = timezone.now()
    _transition(request, "publish", actor=acting_user, fields=["published_at"])
    return request


@transaction.atomic
def request_unpublish(*, acting_user: User, request: PublicRequest) -> PublicRequest:
    request = _lock(request)
    _require(acting_user, "voices.moderate", request)
    request.published_at = None
    _transition(request, "unpublish", actor=acting_user, fields=["published_at"])
    return request


def request_phone_reveal(*, acting_user: User, request: PublicRequest) -> str:
    """The full number for whoever must call back (staff, the receiver), logged as 查看明文."""
    _require(acting_user, "voices.answer", request)
    audit.record(
        action="voices.phone_view",
        actor=acting_user,
        organisation=request.organisation_id,
        target=request,
    )
    return request.phone


def request_by_id_for_merge(*, user: User, request_id: int) -> PublicRequest:
    from .selectors import requests_visible_to

    found = requests_visible_to(user).filter(pk=request_id).first()
    if found is None:
        raise NotFoundOrForbidden()
    return found


RETENTION_YEARS = 3
CLOSED = (Status.ANSWERED, Status.PUBLISHED, Status.MERGED, Status.REJECTED)


@transaction.atomic
def requests_purge_personal_data(*, now: Any = None) -> int:
    """Keep the promise of the consent notice: RETENTION_YEARS after a request was closed, its
    requester's name and phone are deleted; the matter itself stays (without personal data)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(365.25 * RETENTION_YEARS))
    rows = PublicRequest.objects.filter(status__in=CLOSED, updated_at__lt=cutoff).exclude(
        phone_index=""
    )
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        # update() skips auto_now, so the closing date stays what it was.
        PublicRequest.objects.filter(pk__in=ids).update(requester_name="", phone="", phone_index="")
        audit.record(
            action="voices.purge_personal_data",
            object_type="voices.publicrequest",
            after={"count": len(ids), "cutoff": cutoff},
        )
    return len(ids)
