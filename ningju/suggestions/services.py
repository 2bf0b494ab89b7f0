"""Writes of 微建议: submission (member and public), triage, reply, approval, closure.

Every state change: lock the row, check permission, look the move up in workflow.py, save
with update_fields, write an audit row, notify. Member submissions write a duty record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningju.accounts.models import User
from ningju.core import audit, ratelimit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.members.models import Member
from ningju.moderation.services import screen_text
from ningju.orgs.models import HandlingUnit, Office, Organisation
from ningju.performance.models import DutyKind
from ningju.performance.services import duty_record_void, duty_record_write

from . import notifications
from .choices import Category, Source, Status
from .models import Suggestion
from .selectors import settings_for
from .workflow import next_status

# 微建议 has no duty kind of its own yet; "其他履职" is the closest (see docs).
DUTY_KIND = DutyKind.MICRO_SUGGESTION
RATE_WINDOW_SECONDS = 60 * 60
TITLE_MAX = 60
REASON_MAX = 200


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = _("提交过于频繁，请一小时后再试。")


@dataclass(frozen=True)
class Screening:
    flagged: bool
    reasons: list[str]
    codes: list[str]


def _screen(text: str, organisation_id: int) -> Screening:
    """The shared screener (ningju.moderation): flagged text is held for staff, never lost."""
    verdict = screen_text(text, organisation=organisation_id)
    return Screening(
        flagged=bool(verdict.flagged),
        reasons=[str(r) for r in verdict.reasons],
        codes=[str(c) for c in verdict.codes],
    )


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def _transition(
    suggestion: Suggestion, action: str, *, actor: User | None, fields: list[str], **extra: Any
) -> None:
    old = suggestion.status
    suggestion.status = next_status(old, action)
    suggestion.save(update_fields=["status", "updated_at", *fields])
    audit.record(
        action=f"suggestion.{action}",
        actor=actor,
        organisation=suggestion.organisation_id,
        target=suggestion,
        before={"status": old},
        after={"status": suggestion.status, **extra},
    )


def _clean_text(
    *, organisation_id: int, title: str, body: str, category: str
) -> tuple[str, str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise DomainError(gettext("请填写标题。"), code="invalid", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            gettext("标题最多 %(max)s 个字。") % {"max": TITLE_MAX}, code="invalid", field="title"
        )
    if not body:
        raise DomainError(gettext("请填写建议内容。"), code="invalid", field="body")
    limit = settings_for(organisation_id).max_length
    if len(body) > limit:
        raise DomainError(
            gettext("建议内容最多 %(max)s 个字，现在是 %(count)s 个字。")
            % {"max": limit, "count": len(body)},
            code="too_long",
            field="body",
        )
    if category not in Category.values:
        raise DomainError(gettext("请选择类别。"), code="invalid", field="category")
    return title, body, category


def _apply_screening(suggestion: Suggestion) -> Screening:
    verdict = _screen(
        f"{suggestion.title}\n{suggestion.body}\n{suggestion.public_name}",
        suggestion.organisation_id,
    )
    suggestion.screening_codes = verdict.codes
    suggestion.screening_reasons = verdict.reasons
    suggestion.status = Status.HELD if verdict.flagged else Status.SUBMITTED
    return verdict


@transaction.atomic
def suggestion_submit_member(
    *, acting_user: User, title: str, body: str, category: str = Category.OTHER
) -> Suggestion:
    """A member's 微建议: screened, queued for the office, and recorded as a duty."""
    _require(acting_user, "suggestions.submit")
    principal = acting_user.principal
    title, body, category = _clean_text(
        organisation_id=principal.org, title=title, body=body, category=category
    )
    member = Member.objects.get(pk=principal.member_id or 0)
    suggestion = Suggestion(
        organisation_id=principal.org,
        source=Source.MEMBER,
        category=category,
        title=title,
        body=body,
        author=acting_user,
        member=member,
    )
    verdict = _apply_screening(suggestion)
    suggestion.save()
    audit.record(
        action="suggestion.submit",
        actor=acting_user,
        organisation=suggestion.organisation_id,
        target=suggestion,
        after={"status": suggestion.status, "source": suggestion.source, "codes": verdict.codes},
    )
    duty_record_write(
        member=member,
        kind=DUTY_KIND,
        occurred_on=timezone.localdate(),
        source=suggestion,
        title=gettext("提交微建议：%(title)s") % {"title": title},
    )
    notifications.submitted(suggestion, actor=acting_user)
    return suggestion


def rate_limit_hit(*, organisation: Organisation, ip_address: str) -> None:
    """Count one public submission from `ip_address`; refuse past the hourly limit."""
    limit = settings_for(organisation.pk).public_hourly_limit
    if (
        ratelimit.hit(ratelimit.address_key("suggestions:public", ip_address), RATE_WINDOW_SECONDS)
        > limit
    ):
        raise RateLimited()


@transaction.atomic
def suggestion_submit_public(
    *,
    organisation: Organisation,
    title: str,
    body: str,
    category: str = Category.OTHER,
    name: str = "",
    phone: str = "",
    consent: bool,
    ip_address: str,
) -> Suggestion:
    """A 微建议 from the public form. No account; the name and phone are optional."""
    if not settings_for(organisation.pk).accept_public:
        raise DomainError(gettext("本委员会暂不接受网上微建议。"), code="closed")
    if not consent:
        raise DomainError(
            gettext("请阅读并同意个人信息告知。"), code="consent_required", field="consent"
        )
    title, body, category = _clean_text(
        organisation_id=organisation.pk, title=title, body=body, category=category
    )
    name = " ".join((name or "").split())[:40]
    phone = "".join((phone or "").split())
    if phone and not (phone.replace("-", "").isdigit() and 7 <= len(phone) <= 20):
        raise DomainError(gettext("请填写有效的电话号码，或留空。"), code="invalid", field="phone")
    rate_limit_hit(organisation=organisation, ip_address=ip_address)
    suggestion = Suggestion(
        organisation=organisation,
        source=Source.PUBLIC,
        category=category,
        title=title,
        body=body,
        public_name=name,
        public_phone=phone,
        consent_at=timezone.now(),
    )
    verdict = _apply_screening(suggestion)
    suggestion.save()
    audit.record(
        action="suggestion.submit",
        organisation=organisation.pk,
        target=suggestion,
        after={"status": suggestion.status, "source": suggestion.source, "codes": verdict.codes},
    )
    notifications.submitted(suggestion, actor=None)
    return suggestion


def suggestion_phone_reveal(*, acting_user: User, suggestion: Suggestion) -> str:
    """The public author's phone in full, for office staff calling back; audited."""
    _require(acting_user, "suggestions.triage", suggestion)
    audit.record(
        action="suggestion.phone_reveal",
        actor=acting_user,
        organisation=suggestion.organisation_id,
        target=suggestion,
    )
    return suggestion.public_phone


@transaction.atomic
def suggestion_release(*, acting_user: User, suggestion: Suggestion) -> Suggestion:
    """Staff checked held text and found it acceptable: it joins the queue."""
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.triage", suggestion)
    _transition(suggestion, "release", actor=acting_user, fields=[])
    return suggestion


@transaction.atomic
def suggestion_reject(*, acting_user: User, suggestion: Suggestion, reason: str) -> Suggestion:
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.triage", suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("请说明不予受理的原因。"), code="invalid", field="reason")
    suggestion.rejection_reason = reason[:REASON_MAX]
    suggestion.closed_at = timezone.now()
    _transition(
        suggestion,
        "reject",
        actor=acting_user,
        fields=["rejection_reason", "closed_at"],
        reason=suggestion.rejection_reason,
    )
    if suggestion.member_id and suggestion.member:
        duty_record_void(
            member=suggestion.member,
            kind=DUTY_KIND,
            source=suggestion,
            reason=gettext("微建议不予受理"),
        )
    notifications.rejected(suggestion, actor=acting_user)
    return suggestion


@transaction.atomic
def suggestion_assign(
    *,
    acting_user: User,
    suggestion: Suggestion,
    unit: HandlingUnit | None = None,
    office: Office | None = None,
    note: str = "",
) -> Suggestion:
    """Triage: one handling unit or one office of the same organisation answers it."""
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.triage", suggestion)
    if (unit is None) == (office is None):
        raise DomainError(gettext("请选择一个办理单位或一个科室。"), code="invalid", field="unit")
    target: HandlingUnit | Office = unit or office  # type: ignore[assignment]
    if target.organisation_id != suggestion.organisation_id or (
        unit is not None and not unit.is_active
    ):
        raise DomainError(gettext("请选择本委员会的办理单位。"), code="invalid", field="unit")
    suggestion.assigned_unit = unit
    suggestion.assigned_office = office
    suggestion.assigned_at = timezone.now()
    suggestion.triage_note = (note or "").strip()[:REASON_MAX]
    _transition(
        suggestion,
        "assign",
        actor=acting_user,
        fields=["assigned_unit", "assigned_office", "assigned_at", "triage_note"],
        unit=unit.pk if unit else None,
        office=office.pk if office else None,
    )
    notifications.assigned(suggestion, actor=acting_user)
    return suggestion


@transaction.atomic
def suggestion_reply(*, acting_user: User, suggestion: Suggestion, reply: str) -> Suggestion:
    """The assignee answers; the office approves the answer before the author sees it."""
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.reply", suggestion)
    reply = (reply or "").strip()
    if not reply:
        raise DomainError(gettext("请填写答复内容。"), code="invalid", field="reply")
    if len(reply) > 2000:
        raise DomainError(gettext("答复最多 2000 个字。"), code="invalid", field="reply")
    suggestion.reply = reply
    suggestion.replied_at = timezone.now()
    suggestion.replied_by = acting_user
    suggestion.return_reason = ""
    _transition(
        suggestion,
        "reply",
        actor=acting_user,
        fields=["reply", "replied_at", "replied_by", "return_reason"],
    )
    notifications.replied(suggestion, actor=acting_user)
    return suggestion


@transaction.atomic
def suggestion_return(*, acting_user: User, suggestion: Suggestion, reason: str) -> Suggestion:
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.triage", suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("请说明退回原因。"), code="invalid", field="reason")
    suggestion.return_reason = reason[:REASON_MAX]
    _transition(
        suggestion,
        "return",
        actor=acting_user,
        fields=["return_reason"],
        reason=suggestion.return_reason,
    )
    notifications.returned(suggestion, actor=acting_user)
    return suggestion


@transaction.atomic
def suggestion_close(
    *, acting_user: User, suggestion: Suggestion, publish: bool, reply: str | None = None
) -> Suggestion:
    """Staff approve the reply (optionally edited) and close; `publish` shows it publicly."""
    suggestion = _lock(suggestion)
    _require(acting_user, "suggestions.triage", suggestion)
    fields = ["closed_at", "is_published", "published_at"]
    if reply is not None and reply.strip() and reply.strip() != suggestion.reply:
        suggestion.reply = reply.strip()[:2000]
        fields.append("reply")
    now = timezone.now()
    suggestion.closed_at = now
    suggestion.is_published = publish
    suggestion.published_at = now if publish else None
    _transition(suggestion, "publish" if publish else "close", actor=acting_user, fields=fields)
    notifications.closed(suggestion, actor=acting_user)
    return suggestion
