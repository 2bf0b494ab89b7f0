"""Every proposal state change: permission, transition table, row lock, audit, duty record,
notification after commit. Pages, the API and scheduled jobs all call these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.core.uploads import validate_upload
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Session
from ningju.performance.models import DutyKind, DutyRole
from ningju.performance.services import duty_record_void, duty_record_write

from . import deadlines, notifications
from .choices import (
    COLLECTIVE_TYPES,
    AssignmentRole,
    AssignmentStatus,
    CosignStatus,
    ExtensionStatus,
    HandlingMode,
    MeetingForm,
    Period,
    ProposerRole,
    ProposerType,
    ReplyStatus,
    ReviewOutcome,
    Satisfaction,
    Status,
)
from .defaults import settings_for
from .models import (
    Assignment,
    Attachment,
    Feedback,
    NumberCounter,
    Proposal,
    Proposer,
    RefusalReason,
    Reply,
    ReplyCosign,
    ResultCategory,
    ReviewStep,
    SupervisionLog,
)
from .workflow import EDITABLE, UNDER_REVIEW, next_status

DRAFT_FIELDS = [
    "proposer_type",
    "title",
    "situation",
    "analysis",
    "suggestions",
    "category",
    "consent_to_publish",
    "collective_name",
    "sector",
    "committee",
    "contact_name",
    "contact_phone",
]


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _transition(proposal: Proposal, action: str, *, actor: User | None, **extra: Any) -> None:
    """Move `proposal` through the table and audit the change (caller holds the lock)."""
    old = proposal.status
    proposal.status = next_status(old, action)
    proposal.save(update_fields=["status", "updated_at", *extra.pop("fields", [])])
    audit.record(
        action=f"proposal.{action}",
        actor=actor,
        organisation=proposal.organisation_id,
        target=proposal,
        before={"status": old},
        after={"status": proposal.status, **extra},
    )


def _member_of(user: User) -> Member:
    member_id = user.principal.member_id
    if not member_id:
        raise PermissionDenied()
    return Member.objects.get(pk=member_id)


# --------------------------------------------------------------------------- drafting


@dataclass
class DraftData:
    title: str
    situation: str = ""
    analysis: str = ""
    suggestions: str = ""
    proposer_type: str = ProposerType.INDIVIDUAL
    category_id: int | None = None
    consent_to_publish: bool = True
    collective_name: str = ""
    sector_id: int | None = None
    committee_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    cosigner_ids: list[int] = field(default_factory=list)
    suggested_unit_ids: list[int] = field(default_factory=list)


def _apply_draft(proposal: Proposal, data: DraftData) -> None:
    proposal.title = data.title.strip()[:120]
    proposal.situation = data.situation.strip()
    proposal.analysis = data.analysis.strip()
    proposal.suggestions = data.suggestions.strip()
    proposal.proposer_type = data.proposer_type
    proposal.category_id = data.category_id
    proposal.consent_to_publish = data.consent_to_publish
    proposal.collective_name = data.collective_name.strip()
    proposal.sector_id = data.sector_id
    proposal.committee_id = data.committee_id
    proposal.contact_name = data.contact_name.strip()
    proposal.contact_phone = data.contact_phone.strip()


def _sync_cosigners(proposal: Proposal, member_ids: Iterable[int]) -> None:
    wanted = [m for m in dict.fromkeys(member_ids) if m]
    first = proposal.proposers.filter(role=ProposerRole.FIRST).first()
    if first is not None:
        wanted = [m for m in wanted if m != first.member_id]
    valid = set(
        Member.objects.filter(organisation_id=proposal.organisation_id, pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    proposal.proposers.filter(role=ProposerRole.COSIGNER).exclude(member_id__in=valid).delete()
    existing = set(
        proposal.proposers.filter(role=ProposerRole.COSIGNER).values_list("member_id", flat=True)
    )
    for position, member_id in enumerate(wanted, start=1):
        if member_id in valid and member_id not in existing:
            Proposer.objects.create(
                proposal=proposal,
                member_id=member_id,
                role=ProposerRole.COSIGNER,
                status=CosignStatus.INVITED,
                position=position,
            )


@transaction.atomic
def draft_create(*, acting_user: User, data: DraftData) -> Proposal:
    """A member starts a proposal; they are its first proposer (or the collective's contact)."""
    _require(acting_user, "proposals.create")
    member = _member_of(acting_user)
    proposal = Proposal(organisation_id=acting_user.principal.org, created_by=acting_user)
    _apply_draft(proposal, data)
    proposal.save()
    Proposer.objects.create(
        proposal=proposal, member=member, role=ProposerRole.FIRST, status=CosignStatus.CONFIRMED
    )
    _sync_cosigners(proposal, data.cosigner_ids)
    proposal.suggested_units.set(
        HandlingUnit.objects.filter(
            organisation_id=proposal.organisation_id, pk__in=data.suggested_unit_ids
        )
    )
    audit.record(
        action="proposal.draft_create",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"title": proposal.title},
    )
    return proposal


@transaction.atomic
def draft_save(*, acting_user: User, proposal: Proposal, data: DraftData) -> Proposal:
    """Autosave and explicit save of a draft (or of a returned proposal being revised)."""
    proposal = _lock(proposal)
    _require(acting_user, "proposals.edit_draft", proposal)
    if proposal.status not in EDITABLE:
        raise DomainError(_("提案已提交，不能再修改。"), code="not_editable")
    _apply_draft(proposal, data)
    proposal.save()
    _sync_cosigners(proposal, data.cosigner_ids)
    proposal.suggested_units.set(
        HandlingUnit.objects.filter(
            organisation_id=proposal.organisation_id, pk__in=data.suggested_unit_ids
        )
    )
    return proposal


def validate_for_submission(proposal: Proposal) -> dict[str, str]:
    """Field → message for everything that keeps a draft from being submitted."""
    settings = settings_for(proposal.organisation_id)
    errors: dict[str, str] = {}
    title = proposal.title.strip()
    if not title:
        errors["title"] = _("请填写案由。")
    elif not (title.startswith("关于") and title.endswith(("建议", "提案"))):
        errors["title"] = _("案由请写成“关于……的建议”的形式。")
    if not proposal.suggestions.strip():
        errors["suggestions"] = _("请写出具体建议：提案要有情况、有分析、有建议。")
    if not proposal.situation.strip():
        errors["situation"] = _("请简要说明情况。")
    if proposal.body_length > settings.max_length:
        errors["suggestions"] = _("正文共 %(n)s 字，超过了 %(max)s 字的上限，请精简。") % {
            "n": proposal.body_length,
            "max": settings.max_length,
        }
    if proposal.category_id is None:
        errors["category"] = _("请选择提案分类。")
    if (
        proposal.proposer_type == ProposerType.JOINT
        and not proposal.proposers.filter(role=ProposerRole.COSIGNER).exists()
    ):
        errors["cosigners"] = _("联名提案请至少邀请一位联名委员。")
    if proposal.proposer_type in COLLECTIVE_TYPES and not proposal.collective_name.strip():
        errors["collective_name"] = _("集体提案请填写提案单位名称。")
    if proposal.proposer_type == ProposerType.SECTOR_GROUP and proposal.sector_id is None:
        errors["sector"] = _("界别提案请选择界别。")
    if proposal.proposer_type == ProposerType.SPECIAL_COMMITTEE and proposal.committee_id is None:
        errors["committee"] = _("专委会提案请选择专门委员会。")
    return errors


def _session_and_period(proposal: Proposal, today: date) -> tuple[Session | None, str]:
    """大会 during the plenary (plus grace days), otherwise 平时 filed under the latest session."""
    settings = settings_for(proposal.organisation_id)
    sessions = Session.objects.filter(
        term__organisation_id=proposal.organisation_id, term__is_current=True
    ).order_by("-opens_on")
    for session in sessions:
        grace = timedelta(days=settings.plenary_grace_days)
        if session.opens_on <= today <= session.closes_on + grace:
            return session, Period.PLENARY
    latest = next((s for s in sessions if s.opens_on <= today), None) or sessions.last()
    return latest, Period.INTERIM


@transaction.atomic
def submit(*, acting_user: User, proposal: Proposal) -> Proposal:
    proposal = _lock(proposal)
    _require(acting_user, "proposals.edit_draft", proposal)
    errors = validate_for_submission(proposal)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise DomainError(message, code="invalid_proposal", field=field_name, detail=errors)
    proposal.session, proposal.period = _session_and_period(proposal, timezone.localdate())
    proposal.submitted_at = timezone.now()
    proposal.review_level = 0
    fields = ["session", "period", "submitted_at", "review_level"]
    invited = list(proposal.proposers.filter(role=ProposerRole.COSIGNER).select_related("member"))
    if invited:
        proposal.proposers.filter(role=ProposerRole.COSIGNER).update(
            status=CosignStatus.INVITED, responded_at=None
        )
        _transition(proposal, "submit_joint", actor=acting_user, fields=fields)
        notifications.cosign_invited(proposal, [p.member for p in invited])
    else:
        _transition(proposal, "submit", actor=acting_user, fields=fields)
        _after_submitted(proposal)
    return proposal


def _credited(proposal: Proposal) -> list[Proposer]:
    settings = settings_for(proposal.organisation_id)
    rows = list(proposal.proposers.filter(status=CosignStatus.CONFIRMED).select_related("member"))
    if settings.credit_first_proposer_only:
        rows = [p for p in rows if p.role == ProposerRole.FIRST]
    return rows


def _write_duty(proposal: Proposal, kind: str, occurred: date, suffix: str = "") -> None:
    for proposer in _credited(proposal):
        duty_record_write(
            member=proposer.member,
            kind=kind,
            occurred_on=occurred,
            source=proposal,
            title=proposal.title,
            role=DutyRole.FIRST if proposer.role == ProposerRole.FIRST else DutyRole.PARTICIPANT,
            dedupe_suffix=suffix,
        )


def _after_submitted(proposal: Proposal) -> None:
    _write_duty(proposal, DutyKind.PROPOSAL_SUBMITTED, timezone.localdate(proposal.submitted_at))
    notifications.submitted(proposal)


@transaction.atomic
def cosign_respond(*, acting_user: User, proposal: Proposal, accept: bool) -> Proposal:
    """An invited member confirms (附议) or declines the joint proposal."""
    proposal = _lock(proposal)
    if proposal.status != Status.COSIGNING:
        raise DomainError(_("该提案已不在联名确认阶段。"), code="not_cosigning")
    _require(acting_user, "proposals.cosign", proposal)
    settings = settings_for(proposal.organisation_id)
    if proposal.submitted_at and timezone.localdate() > deadlines.cosign_deadline(
        proposal.submitted_at, settings
    ):
        raise DomainError(_("联名确认期限已过。"), code="cosign_late")
    row = proposal.proposers.get(member_id=acting_user.principal.member_id or 0)
    row.status = CosignStatus.CONFIRMED if accept else CosignStatus.DECLINED
    row.responded_at = timezone.now()
    row.save(update_fields=["status", "responded_at", "updated_at"])
    audit.record(
        action="proposal.cosign_confirm" if accept else "proposal.cosign_decline",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
    )
    _finish_cosigning_if_done(proposal, actor=acting_user)
    return proposal


def _finish_cosigning_if_done(proposal: Proposal, *, actor: User | None) -> None:
    if proposal.proposers.filter(status=CosignStatus.INVITED).exists():
        return
    if (
        not proposal.proposers.filter(
            role=ProposerRole.COSIGNER, status=CosignStatus.CONFIRMED
        ).exists()
        and proposal.proposer_type == ProposerType.JOINT
    ):
        # Nobody joined: it goes ahead as the first proposer's own proposal.
        proposal.proposer_type = ProposerType.INDIVIDUAL
        proposal.save(update_fields=["proposer_type", "updated_at"])
    _transition(proposal, "cosigning_done", actor=actor)
    _after_submitted(proposal)


@transaction.atomic
def cosign_expire_overdue(*, today: date | None = None) -> int:
    """Scheduled: invitations past the deadline lapse and the proposal moves on."""
    today = today or timezone.localdate()
    count = 0
    for proposal in Proposal.objects.select_for_update().filter(status=Status.COSIGNING):
        settings = settings_for(proposal.organisation_id)
        if (
            proposal.submitted_at
            and deadlines.cosign_deadline(proposal.submitted_at, settings) < today
        ):
            proposal.proposers.filter(status=CosignStatus.INVITED).update(
                status=CosignStatus.EXPIRED
            )
            _finish_cosigning_if_done(proposal, actor=None)
            count += 1
    return count


@transaction.atomic
def withdraw(*, acting_user: User, proposal: Proposal) -> Proposal:
    proposal = _lock(proposal)
    _require(acting_user, "proposals.edit_draft", proposal)
    was_submitted = proposal.submitted_at is not None
    _transition(proposal, "withdraw", actor=acting_user)
    if was_submitted:
        for proposer in proposal.proposers.select_related("member"):
            duty_record_void(
                member=proposer.member,
                kind=DutyKind.PROPOSAL_SUBMITTED,
                source=proposal,
                reason="withdrawn",
            )
    return proposal


# --------------------------------------------------------------------------- review


def _allocate_number(proposal: Proposal) -> int:
    """Sequential per session (and stream), no gaps: the counter row is locked."""
    settings = settings_for(proposal.organisation_id)
    if proposal.session_id is None:
        raise DomainError(_("本届尚未设置全体会议，无法编号。"), code="no_session")
    stream = proposal.period if settings.separate_interim_numbering else "all"
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        session_id=proposal.session_id, stream=stream
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    proposal.numbering_stream = stream
    return counter.last_number


@dataclass
class ReviewDecision:
    outcome: str
    comment: str = ""
    refusal_reason_id: int | None = None
    conversion: str = ""
    merge_into_id: int | None = None


@transaction.atomic
def review(*, acting_user: User, proposal: Proposal, decision: ReviewDecision) -> Proposal:
    """初审/复审/终审. Only the last level (the organisation's setting) may decide 立案,
    并案 or 不予立案; any level may pass it up or return it for revision."""
    proposal = _lock(proposal)
    if proposal.status not in UNDER_REVIEW:
        raise DomainError(_("该提案不在审查阶段。"), code="not_under_review")
    _require(acting_user, "proposals.review", proposal)
    settings = settings_for(proposal.organisation_id)
    level = proposal.review_level + 1
    final = level >= settings.review_levels
    outcome = decision.outcome
    if outcome == ReviewOutcome.PASS and final:
        raise DomainError(
            _("已是最后一级审查，请作出立案、并案、不予立案或退回的决定。"), code="final_level"
        )
    if outcome in (ReviewOutcome.REGISTER, ReviewOutcome.MERGE, ReviewOutcome.REFUSE) and not final:
        raise DomainError(_("本级审查只能提交上一级或退回修改。"), code="not_final_level")
    if outcome in (ReviewOutcome.RETURN, ReviewOutcome.REFUSE) and not decision.comment.strip():
        raise DomainError(_("请写明理由，提案人会看到。"), code="comment_required", field="comment")
    ReviewStep.objects.create(
        proposal=proposal,
        level=level,
        reviewer=acting_user,
        outcome=outcome,
        comment=decision.comment.strip(),
    )
    extra: dict[str, Any] = {"level": level}
    fields = ["review_level", "outcome_note"]
    proposal.review_level = level
    proposal.outcome_note = decision.comment.strip()
    if outcome == ReviewOutcome.PASS:
        _transition(proposal, "pass", actor=acting_user, fields=fields, **extra)
        return proposal
    if outcome == ReviewOutcome.RETURN:
        proposal.review_level = 0
        _transition(proposal, "return", actor=acting_user, fields=fields, **extra)
        notifications.returned(proposal)
        return proposal
    if outcome == ReviewOutcome.REGISTER:
        proposal.number = _allocate_number(proposal)
        proposal.registered_at = timezone.now()
        fields += ["number", "numbering_stream", "registered_at"]
        _transition(
            proposal, "register", actor=acting_user, fields=fields, number=proposal.number, **extra
        )
        _write_duty(proposal, DutyKind.PROPOSAL_REGISTERED, timezone.localdate())
        notifications.registered(proposal)
        return proposal
    if outcome == ReviewOutcome.MERGE:
        lead = (
            Proposal.objects.select_for_update()
            .filter(pk=decision.merge_into_id or 0, organisation_id=proposal.organisation_id)
            .first()
        )
        if lead is None or lead.pk == proposal.pk:
            raise DomainError(_("请选择要并入的提案。"), code="merge_target", field="merge_into")
        if lead.status not in (Status.REGISTERED, Status.HANDLING) or lead.merged_into_id:
            raise DomainError(
                _("只能并入已立案、尚未办复的提案。"), code="merge_target", field="merge_into"
            )
        proposal.merged_into = lead
        proposal.registered_at = timezone.now()
        fields += ["merged_into", "registered_at"]
        _transition(
            proposal, "merge", actor=acting_user, fields=fields, merged_into=lead.pk, **extra
        )
        # Every original keeps its proposers and their credit.
        _write_duty(proposal, DutyKind.PROPOSAL_REGISTERED, timezone.localdate())
        notifications.merged(proposal, lead)
        if lead.status == Status.HANDLING:
            _assign_merged_follower(proposal, lead, actor=acting_user)
        return proposal
    if outcome == ReviewOutcome.REFUSE:
        reason = RefusalReason.objects.filter(
            pk=decision.refusal_reason_id or 0,
            organisation_id=proposal.organisation_id,
            is_active=True,
        ).first()
        if reason is None:
            raise DomainError(
                _("请选择不予立案的理由。"), code="reason_required", field="refusal_reason"
            )
        proposal.refusal_reason = reason
        proposal.conversion = decision.conversion or ""
        fields += ["refusal_reason", "conversion"]
        _transition(
            proposal,
            "refuse",
            actor=acting_user,
            fields=fields,
            reason=reason.text,
            conversion=proposal.conversion,
            **extra,
        )
        notifications.refused(proposal)
        return proposal
    raise DomainError(_("未知的审查结果。"), code="unknown_outcome")


# --------------------------------------------------------------------------- assignment


@transaction.atomic
def assign(
    *,
    acting_user: User,
    proposal: Proposal,
    mode: str,
    lead_unit_id: int | None = None,
    co_unit_ids: Iterable[int] = (),
    separate_unit_ids: Iterable[int] = (),
) -> list[Assignment]:
    """交办: one lead unit with co-handling units, or separate handling by several units."""
    proposal = _lock(proposal)
    _require(acting_user, "proposals.assign", proposal)
    if proposal.status == Status.MERGED:
        raise DomainError(_("并案提案随主提案一起交办。"), code="merged_follows_lead")
    units = HandlingUnit.objects.filter(organisation_id=proposal.organisation_id, is_active=True)
    plan: list[tuple[HandlingUnit, str]] = []
    if mode == HandlingMode.LEAD:
        lead = units.filter(pk=lead_unit_id or 0).first()
        if lead is None:
            raise DomainError(_("请选择主办单位。"), code="lead_required", field="lead_unit")
        plan.append((lead, AssignmentRole.LEAD))
        plan += [
            (u, AssignmentRole.CO) for u in units.filter(pk__in=co_unit_ids).exclude(pk=lead.pk)
        ]
    elif mode == HandlingMode.SEPARATE:
        chosen = list(units.filter(pk__in=separate_unit_ids))
        if len(chosen) < 2:
            raise DomainError(
                _("分别办理请至少选择两个承办单位。"), code="units_required", field="separate_units"
            )
        plan += [(u, AssignmentRole.SEPARATE) for u in chosen]
    else:
        raise DomainError(_("请选择办理方式。"), code="mode_required", field="mode")
    proposal.handling_mode = mode
    now = timezone.now()
    settings = settings_for(proposal.organisation_id)
    created = [
        Assignment.objects.create(
            proposal=proposal,
            unit=unit,
            role=role,
            round=proposal.handling_round,
            assigned_at=now,
            due_on=deadlines.handling_due(now, settings, round=proposal.handling_round),
        )
        for unit, role in plan
    ]
    _transition(
        proposal,
        "assign",
        actor=acting_user,
        fields=["handling_mode"],
        mode=mode,
        units={a.unit_id: a.role for a in created},
    )
    notifications.assigned(proposal, created)
    for follower in Proposal.objects.select_for_update().filter(
        merged_into=proposal, status=Status.MERGED
    ):
        _assign_merged_follower(follower, proposal, actor=acting_user)
    return created


def _assign_merged_follower(follower: Proposal, lead: Proposal, *, actor: User | None) -> None:
    """A merged original is handled by the lead's units and gets its own reply."""
    follower.handling_mode = lead.handling_mode
    for source in lead.assignments.filter(round=lead.handling_round).exclude(
        status=AssignmentStatus.WITHDRAWN
    ):
        Assignment.objects.create(
            proposal=follower,
            unit_id=source.unit_id,
            role=source.role,
            round=1,
            assigned_at=source.assigned_at,
            due_on=source.due_on,
        )
    _transition(follower, "assign", actor=actor, fields=["handling_mode"], with_lead=lead.pk)


@transaction.atomic
def objection_raise(*, acting_user: User, assignment: Assignment, reason: str) -> Assignment:
    """A unit that thinks the matter is not its business says so, in time, with a reason.
    It cannot pass the proposal on itself; the office decides."""
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    _require(acting_user, "proposals.unit_act", assignment)
    settings = settings_for(assignment.proposal.organisation_id)
    if assignment.status != AssignmentStatus.HANDLING or assignment.replies.exists():
        raise DomainError(_("当前不能申请调整。"), code="objection_closed")
    if timezone.localdate() > deadlines.objection_deadline(assignment.assigned_at, settings):
        raise DomainError(
            _("已超过 %(days)s 天的申请调整期限，请按时办理。") % {"days": settings.objection_days},
            code="objection_late",
        )
    if not reason.strip():
        raise DomainError(_("请写明申请调整的理由。"), code="reason_required", field="reason")
    assignment.status = AssignmentStatus.OBJECTED
    assignment.objection_reason = reason.strip()
    assignment.objected_at = timezone.now()
    assignment.save(update_fields=["status", "objection_reason", "objected_at", "updated_at"])
    audit.record(
        action="proposal.objection",
        actor=acting_user,
        organisation=assignment.proposal.organisation_id,
        target=assignment.proposal,
        after={"unit": assignment.unit_id, "reason": assignment.objection_reason},
    )
    notifications.objection_raised(assignment)
    return assignment


@transaction.atomic
def objection_decide(
    *,
    acting_user: User,
    assignment: Assignment,
    accept: bool,
    replacement_unit_id: int | None = None,
) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    proposal = _lock(assignment.proposal)
    _require(acting_user, "proposals.assign", proposal)
    if assignment.status != AssignmentStatus.OBJECTED:
        raise DomainError(_("该单位没有申请调整。"), code="no_objection")
    if not accept:
        assignment.status = AssignmentStatus.HANDLING
        assignment.save(update_fields=["status", "updated_at"])
    else:
        replacement = None
        if replacement_unit_id:
            replacement = HandlingUnit.objects.filter(
                pk=replacement_unit_id, organisation_id=proposal.organisation_id, is_active=True
            ).first()
            if (
                replacement is None
                or proposal.assignments.filter(unit=replacement, round=assignment.round).exists()
            ):
                raise DomainError(
                    _("请选择另一个承办单位。"), code="replacement", field="replacement_unit"
                )
        elif assignment.role == AssignmentRole.LEAD:
            raise DomainError(
                _("主办单位调整时必须指定新的主办单位。"),
                code="replacement",
                field="replacement_unit",
            )
        assignment.status = AssignmentStatus.WITHDRAWN
        assignment.save(update_fields=["status", "updated_at"])
        if replacement is not None:
            settings = settings_for(proposal.organisation_id)
            now = timezone.now()
            new = Assignment.objects.create(
                proposal=proposal,
                unit=replacement,
                role=assignment.role,
                round=assignment.round,
                assigned_at=now,
                due_on=deadlines.handling_due(now, settings, round=assignment.round),
            )
            notifications.assigned(proposal, [new])
    audit.record(
        action="proposal.objection_decided",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"unit": assignment.unit_id, "accepted": accept, "replacement": replacement_unit_id},
    )
    return assignment


@transaction.atomic
def extension_request(
    *, acting_user: User, assignment: Assignment, until: date, reason: str
) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    _require(acting_user, "proposals.unit_act", assignment)
    settings = settings_for(assignment.proposal.organisation_id)
    latest = deadlines.latest_extension(assignment.assigned_at, settings)
    if assignment.status != AssignmentStatus.HANDLING:
        raise DomainError(_("当前不能申请延期。"), code="extension_closed")
    if until <= assignment.due_on or until > latest:
        raise DomainError(
            _("延期日期须晚于原期限，且不晚于 %(latest)s。") % {"latest": latest.isoformat()},
            code="extension_date",
            field="until",
        )
    if not reason.strip():
        raise DomainError(_("请写明延期理由。"), code="reason_required", field="reason")
    assignment.extension_status = ExtensionStatus.REQUESTED
    assignment.extension_due_on = until
    assignment.extension_reason = reason.strip()
    assignment.save(
        update_fields=["extension_status", "extension_due_on", "extension_reason", "updated_at"]
    )
    audit.record(
        action="proposal.extension_request",
        actor=acting_user,
        organisation=assignment.proposal.organisation_id,
        target=assignment.proposal,
        after={"unit": assignment.unit_id, "until": until.isoformat()},
    )
    notifications.extension_requested(assignment)
    return assignment


@transaction.atomic
def extension_decide(*, acting_user: User, assignment: Assignment, approve: bool) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    _require(acting_user, "proposals.assign", assignment.proposal)
    if (
        assignment.extension_status != ExtensionStatus.REQUESTED
        or assignment.extension_due_on is None
    ):
        raise DomainError(_("没有待审批的延期申请。"), code="no_extension")
    before = assignment.due_on
    assignment.extension_status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    if approve:
        assignment.due_on = assignment.extension_due_on
    assignment.save(update_fields=["extension_status", "due_on", "updated_at"])
    audit.record(
        action="proposal.extension_decided",
        actor=acting_user,
        organisation=assignment.proposal.organisation_id,
        target=assignment.proposal,
        before={"due_on": before.isoformat()},
        after={"due_on": assignment.due_on.isoformat(), "approved": approve},
    )
    notifications.extension_decided(assignment)
    return assignment


@transaction.atomic
def meeting_record(
    *, acting_user: User, assignment: Assignment, form: str, held_on: date, notes: str
) -> Assignment:
    """办前面商: how the unit met the proposer before answering."""
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    _require(acting_user, "proposals.unit_act", assignment)
    if assignment.status != AssignmentStatus.HANDLING:
        raise DomainError(_("该交办已办结或已调整，不能再记录面商。"), code="not_handling")
    if held_on > timezone.localdate():
        raise DomainError(_("面商日期不能晚于今天。"), code="future_date", field="held_on")
    if form not in MeetingForm.values:
        raise DomainError(_("请选择面商方式。"), code="meeting_form", field="form")
    assignment.meeting_form = form
    assignment.meeting_on = held_on
    assignment.meeting_notes = notes.strip()
    assignment.save(update_fields=["meeting_form", "meeting_on", "meeting_notes", "updated_at"])
    audit.record(
        action="proposal.meeting",
        actor=acting_user,
        organisation=assignment.proposal.organisation_id,
        target=assignment.proposal,
        after={"unit": assignment.unit_id, "form": form, "held_on": held_on.isoformat()},
    )
    return assignment


# --------------------------------------------------------------------------- replies


def _answering(assignment: Assignment) -> bool:
    return assignment.role in (AssignmentRole.LEAD, AssignmentRole.SEPARATE)


@dataclass
class ReplyData:
    body: str
    result_category_id: int
    publicity: str
    contact_name: str = ""
    contact_phone: str = ""


@transaction.atomic
def reply_save(*, acting_user: User, assignment: Assignment, data: ReplyData) -> Reply:
    """The lead (or separate) unit's officer drafts the 答复函."""
    assignment = (
        Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    )
    _require(acting_user, "proposals.unit_act", assignment)
    if not _answering(assignment):
        raise DomainError(_("会办单位通过会签提出意见，由主办单位统一答复。"), code="co_unit")
    if assignment.status != AssignmentStatus.HANDLING:
        raise DomainError(_("当前不能起草答复。"), code="not_handling")
    category = ResultCategory.objects.filter(
        pk=data.result_category_id, organisation_id=assignment.proposal.organisation_id
    ).first()
    if category is None:
        raise DomainError(
            _("请选择办理结果类别。"), code="category_required", field="result_category"
        )
    if len(data.body.strip()) < 20:
        raise DomainError(
            _("答复内容过短，请写明采纳情况、措施和计划。"), code="body_short", field="body"
        )
    if assignment.replies.filter(
        status__in=[ReplyStatus.COSIGNING, ReplyStatus.AWAITING_SIGNER, ReplyStatus.SUBMITTED]
    ).exists():
        raise DomainError(
            _("答复已送出，正在会签、签发或审核，暂不能修改。"), code="reply_in_progress"
        )
    reply = assignment.replies.filter(status__in=[ReplyStatus.DRAFT, ReplyStatus.RETURNED]).first()
    if reply is None:
        reply = Reply(assignment=assignment, drafted_by=acting_user)
    reply.body = data.body.strip()
    reply.result_category = category
    reply.publicity = data.publicity
    reply.contact_name = data.contact_name.strip()
    reply.contact_phone = data.contact_phone.strip()
    reply.status = ReplyStatus.DRAFT
    reply.save()
    return reply


def _reply_locked(reply: Reply) -> Reply:
    return Reply.objects.select_for_update().select_related("assignment__proposal").get(pk=reply.pk)


@transaction.atomic
def reply_send(*, acting_user: User, reply: Reply) -> Reply:
    """Officer sends the draft on: to the co-handling units for 会签, else to the signer."""
    reply = _reply_locked(reply)
    assignment = reply.assignment
    _require(acting_user, "proposals.unit_act", assignment)
    if reply.status not in (ReplyStatus.DRAFT, ReplyStatus.RETURNED):
        raise DomainError(_("答复已送出。"), code="already_sent")
    co_units = list(
        assignment.proposal.assignments.filter(
            role=AssignmentRole.CO, round=assignment.round
        ).exclude(status=AssignmentStatus.WITHDRAWN)
    )
    reply.cosigns.all().delete()
    if co_units and assignment.role == AssignmentRole.LEAD:
        for co in co_units:
            ReplyCosign.objects.create(reply=reply, assignment=co)
        reply.status = ReplyStatus.COSIGNING
        notifications.cosign_reply_requested(reply, co_units)
    else:
        reply.status = ReplyStatus.AWAITING_SIGNER
        notifications.reply_awaits_signer(reply)
    reply.save(update_fields=["status", "updated_at"])
    audit.record(
        action="proposal.reply_sent",
        actor=acting_user,
        organisation=assignment.proposal.organisation_id,
        target=assignment.proposal,
        after={"reply": reply.pk, "status": reply.status},
    )
    return reply


@transaction.atomic
def reply_cosign(*, acting_user: User, reply: Reply, agreed: bool, comment: str) -> ReplyCosign:
    """会签 by a co-handling unit (its officer or signer)."""
    reply = _reply_locked(reply)
    row = (
        reply.cosigns.select_related("assignment")
        .filter(assignment__unit_id=acting_user.principal.handling_unit_id)
        .first()
    )
    if row is None or not (
        acting_user.has_perm("proposals.unit_act", row.assignment)
        or acting_user.has_perm("proposals.unit_sign", row.assignment)
    ):
        raise NotFoundOrForbidden()
    if reply.status != ReplyStatus.COSIGNING:
        raise DomainError(_("该答复不在会签阶段。"), code="not_cosigning")
    if not agreed and not comment.strip():
        raise DomainError(_("不同意时请写明意见。"), code="comment_required", field="comment")
    row.agreed = agreed
    row.comment = comment.strip()
    row.signed_by = acting_user
    row.signed_at = timezone.now()
    row.save()
    proposal = reply.assignment.proposal
    audit.record(
        action="proposal.reply_cosign",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"reply": reply.pk, "agreed": agreed},
    )
    if not agreed:
        reply.status = ReplyStatus.RETURNED
        reply.save(update_fields=["status", "updated_at"])
        notifications.reply_returned(reply, by_unit=True)
    elif not reply.cosigns.filter(agreed__isnull=True).exists():
        reply.status = ReplyStatus.AWAITING_SIGNER
        reply.save(update_fields=["status", "updated_at"])
        notifications.reply_awaits_signer(reply)
    return row


@transaction.atomic
def reply_sign(*, acting_user: User, reply: Reply, approve: bool, comment: str = "") -> Reply:
    """The unit's signing leader (签发领导) approves the letter or sends it back."""
    reply = _reply_locked(reply)
    _require(acting_user, "proposals.unit_sign", reply.assignment)
    if reply.status != ReplyStatus.AWAITING_SIGNER:
        raise DomainError(_("该答复不在待签发状态。"), code="not_awaiting_signer")
    proposal = reply.assignment.proposal
    if approve:
        reply.status = ReplyStatus.SUBMITTED
        reply.signed_by = acting_user
        reply.signed_at = timezone.now()
        notifications.reply_submitted(reply)
    else:
        if not comment.strip():
            raise DomainError(_("退回时请写明意见。"), code="comment_required", field="comment")
        reply.status = ReplyStatus.RETURNED
        reply.review_comment = comment.strip()
        notifications.reply_returned(reply, by_unit=True)
    reply.save()
    audit.record(
        action="proposal.reply_signed" if approve else "proposal.reply_sign_returned",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"reply": reply.pk},
    )
    return reply


@transaction.atomic
def reply_review(
    *,
    acting_user: User,
    reply: Reply,
    approve: bool,
    result_category_id: int | None = None,
    comment: str = "",
) -> Reply:
    """The office reviews the signed letter and may change the result category."""
    reply = _reply_locked(reply)
    proposal = _lock(reply.assignment.proposal)
    _require(acting_user, "proposals.review_reply", proposal)
    if reply.status != ReplyStatus.SUBMITTED:
        raise DomainError(_("该答复尚未签发。"), code="not_submitted")
    before = {"result_category": reply.result_category_id}
    if approve:
        if result_category_id and result_category_id != reply.result_category_id:
            category = ResultCategory.objects.filter(
                pk=result_category_id, organisation_id=proposal.organisation_id
            ).first()
            if category is None:
                raise DomainError(
                    _("请选择办理结果类别。"), code="category", field="result_category"
                )
            reply.result_category = category
        reply.status = ReplyStatus.APPROVED
    else:
        if not comment.strip():
            raise DomainError(_("退回时请写明意见。"), code="comment_required", field="comment")
        reply.status = ReplyStatus.RETURNED
    reply.reviewed_by = acting_user
    reply.reviewed_at = timezone.now()
    reply.review_comment = comment.strip()
    reply.save()
    assignment = reply.assignment
    if approve:
        assignment.status = AssignmentStatus.REPLIED
        assignment.save(update_fields=["status", "updated_at"])
        # In 主办会办 the co-handling units are done when the lead's letter is approved.
        if assignment.role == AssignmentRole.LEAD:
            proposal.assignments.filter(
                role=AssignmentRole.CO, round=assignment.round, status=AssignmentStatus.HANDLING
            ).update(status=AssignmentStatus.REPLIED)
    audit.record(
        action="proposal.reply_approved" if approve else "proposal.reply_returned",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        before=before,
        after={"reply": reply.pk, "result_category": reply.result_category_id},
    )
    if not approve:
        notifications.reply_returned(reply, by_unit=False)
        return reply
    still_open = proposal.assignments.filter(round=proposal.handling_round).exclude(
        status__in=[AssignmentStatus.REPLIED, AssignmentStatus.WITHDRAWN]
    )
    if not still_open.exists():
        _transition(proposal, "all_replies_approved", actor=acting_user)
        notifications.replied(proposal)
    return reply


# --------------------------------------------------------------------------- feedback


@dataclass
class FeedbackData:
    attitude: str
    result: str
    comment: str = ""


def _save_feedback(
    proposal: Proposal, member: Member, data: FeedbackData, *, recorded_by: User, offline: bool
) -> Feedback:
    if proposal.status != Status.REPLIED:
        raise DomainError(_("现在不是评价阶段。"), code="not_replied")
    valid = {c.value for c in Satisfaction}
    if data.attitude not in valid or data.result not in valid:
        raise DomainError(_("请对办理态度和办理结果分别作出评价。"), code="rating_required")
    if data.result == Satisfaction.UNSATISFIED and not data.comment.strip():
        raise DomainError(
            _("选择“不满意”时，请写明原因，承办单位将据此重新办理。"),
            code="comment_required",
            field="comment",
        )
    if Feedback.objects.filter(
        proposal=proposal, member=member, round=proposal.handling_round
    ).exists():
        raise DomainError(_("本轮已经评价过了。"), code="already_rated")
    feedback = Feedback.objects.create(
        proposal=proposal,
        member=member,
        round=proposal.handling_round,
        attitude=data.attitude,
        result=data.result,
        comment=data.comment.strip(),
        recorded_by=recorded_by,
        offline=offline,
    )
    audit.record(
        action="proposal.feedback",
        actor=recorded_by,
        organisation=proposal.organisation_id,
        target=proposal,
        after={
            "member": member.pk,
            "attitude": data.attitude,
            "result": data.result,
            "offline": offline,
        },
    )
    _close_round_if_complete(proposal, actor=recorded_by)
    return feedback


def _raters(proposal: Proposal) -> list[int]:
    return list(
        proposal.proposers.filter(status=CosignStatus.CONFIRMED).values_list("member_id", flat=True)
    )


def _close_round_if_complete(proposal: Proposal, *, actor: User | None) -> None:
    rated = Feedback.objects.filter(proposal=proposal, round=proposal.handling_round)
    if rated.filter(result=Satisfaction.UNSATISFIED).exists():
        _start_rehandling(proposal, actor=actor)
        return
    if set(rated.values_list("member_id", flat=True)) >= set(_raters(proposal)):
        proposal.completed_at = timezone.now()
        _transition(proposal, "all_satisfied", actor=actor, fields=["completed_at"])


def _start_rehandling(proposal: Proposal, *, actor: User | None) -> None:
    """不满意: the office asks the same units to handle it again (default one month)."""
    previous = list(
        proposal.assignments.filter(round=proposal.handling_round).exclude(
            status=AssignmentStatus.WITHDRAWN
        )
    )
    proposal.handling_round += 1
    _transition(
        proposal,
        "unsatisfied",
        actor=actor,
        fields=["handling_round"],
        round=proposal.handling_round,
    )
    settings = settings_for(proposal.organisation_id)
    now = timezone.now()
    created = [
        Assignment.objects.create(
            proposal=proposal,
            unit_id=a.unit_id,
            role=a.role,
            round=proposal.handling_round,
            assigned_at=now,
            due_on=deadlines.handling_due(now, settings, round=proposal.handling_round),
        )
        for a in previous
    ]
    notifications.rehandling(proposal, created)


def _check_feedback_deadline(proposal: Proposal) -> None:
    settings = settings_for(proposal.organisation_id)
    last_approved = (
        Reply.objects.filter(
            assignment__proposal=proposal,
            assignment__round=proposal.handling_round,
            status=ReplyStatus.APPROVED,
        )
        .order_by("-reviewed_at")
        .values_list("reviewed_at", flat=True)
        .first()
    )
    if last_approved and timezone.localdate() > deadlines.feedback_due(last_approved, settings):
        raise DomainError(_("评价期限已过。"), code="feedback_late")


@transaction.atomic
def feedback_submit(*, acting_user: User, proposal: Proposal, data: FeedbackData) -> Feedback:
    proposal = _lock(proposal)
    _require(acting_user, "proposals.rate", proposal)
    _check_feedback_deadline(proposal)
    return _save_feedback(
        proposal, _member_of(acting_user), data, recorded_by=acting_user, offline=False
    )


@transaction.atomic
def feedback_record_offline(
    *, acting_user: User, proposal: Proposal, member_id: int, data: FeedbackData
) -> Feedback:
    """Office staff enter the rating of a member who is not online, marked as such."""
    proposal = _lock(proposal)
    _require(acting_user, "proposals.record_offline_feedback", proposal)
    if member_id not in _raters(proposal):
        raise DomainError(_("该委员不是本提案的提案人。"), code="not_proposer", field="member")
    member = Member.objects.get(pk=member_id)
    return _save_feedback(proposal, member, data, recorded_by=acting_user, offline=True)


@transaction.atomic
def feedback_close_overdue(*, today: date | None = None) -> int:
    """Scheduled: after the feedback deadline, a replied proposal is closed as 未反馈."""
    today = today or timezone.localdate()
    count = 0
    for proposal in Proposal.objects.select_for_update().filter(status=Status.REPLIED):
        settings = settings_for(proposal.organisation_id)
        last_reply = (
            Reply.objects.filter(
                assignment__proposal=proposal,
                assignment__round=proposal.handling_round,
                status=ReplyStatus.APPROVED,
            )
            .order_by("-reviewed_at")
            .values_list("reviewed_at", flat=True)
            .first()
        )
        if last_reply and deadlines.feedback_due(last_reply, settings) < today:
            proposal.completed_at = timezone.now()
            _transition(proposal, "feedback_closed", actor=None, fields=["completed_at"])
            count += 1
    return count


# --------------------------------------------------------------------------- key & excellent


@transaction.atomic
def key_mark(*, acting_user: User, proposal: Proposal, supervisor_id: int) -> Proposal:
    """重点提案, chosen by the chair meeting, with a supervising leader (督办)."""
    proposal = _lock(proposal)
    _require(acting_user, "proposals.mark_key", proposal)
    if proposal.status not in (Status.REGISTERED, Status.HANDLING, Status.REHANDLING):
        raise DomainError(_("只有已立案、正在办理的提案可以列为重点提案。"), code="not_registered")
    supervisor = Member.objects.filter(
        pk=supervisor_id, organisation_id=proposal.organisation_id
    ).first()
    if supervisor is None:
        raise DomainError(_("请选择督办领导。"), code="supervisor_required", field="supervisor")
    proposal.is_key = True
    proposal.key_supervisor = supervisor
    proposal.save(update_fields=["is_key", "key_supervisor", "updated_at"])
    audit.record(
        action="proposal.key",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"supervisor": supervisor.pk},
    )
    _write_duty(proposal, DutyKind.PROPOSAL_KEY, timezone.localdate())
    notifications.key_marked(proposal)
    return proposal


@transaction.atomic
def supervision_add(
    *, acting_user: User, proposal: Proposal, held_on: date, form: str, notes: str
) -> SupervisionLog:
    proposal = _lock(proposal)
    _require(acting_user, "proposals.log_supervision", proposal)
    if not proposal.is_key:
        raise DomainError(_("只有重点提案需要督办记录。"), code="not_key")
    if not notes.strip() or not form.strip():
        raise DomainError(_("请填写督办方式和情况。"), code="notes_required", field="notes")
    log = SupervisionLog.objects.create(
        proposal=proposal,
        held_on=held_on,
        form=form.strip(),
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    audit.record(
        action="proposal.supervision",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        after={"held_on": held_on.isoformat(), "form": log.form},
    )
    return log


@transaction.atomic
def excellent_mark(*, acting_user: User, proposal: Proposal) -> Proposal:
    proposal = _lock(proposal)
    _require(acting_user, "proposals.mark_excellent", proposal)
    if proposal.status not in (Status.REPLIED, Status.COMPLETED):
        raise DomainError(_("优秀提案从已办复的提案中评选。"), code="not_completed")
    proposal.is_excellent = True
    proposal.save(update_fields=["is_excellent", "updated_at"])
    audit.record(
        action="proposal.excellent",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
    )
    _write_duty(proposal, DutyKind.PROPOSAL_EXCELLENT, timezone.localdate())
    notifications.excellent_marked(proposal)
    return proposal


# --------------------------------------------------------------------------- reminders


def send_reminders(*, today: date | None = None) -> int:
    """催办: units hear about deadlines before and after they pass, at most once a week."""
    today = today or timezone.localdate()
    count = 0
    open_assignments = Assignment.objects.filter(
        status=AssignmentStatus.HANDLING,
        proposal__status__in=[Status.HANDLING, Status.REHANDLING],
    ).select_related("proposal", "unit")
    for assignment in open_assignments:
        settings = settings_for(assignment.proposal.organisation_id)
        if today < deadlines.reminder_from(assignment.due_on, settings):
            continue
        if assignment.last_reminded_on and (today - assignment.last_reminded_on).days < 7:
            continue
        with transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(last_reminded_on=today)
            notifications.reminder(assignment, overdue=today > assignment.due_on)
        count += 1
    return count


# --------------------------------------------------------------------------- attachments


def _attachment_name(name: str) -> str:
    """The name shown and offered on download: no folders, no control characters, at most
    200 characters with the extension kept."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        extension = extension[:20]
        base = f"{stem[: 199 - len(extension)]}{dot}{extension}" if dot else base[:200]
    return base or "attachment"


@transaction.atomic
def attachment_add(*, acting_user: User, proposal: Proposal, upload: UploadedFile) -> Attachment:
    """The author adds a file to a draft (or to a proposal returned for revision).

    The type is decided by the extension AND the content (ningju.core.uploads), never by what
    the browser declares; the file is stored under a random name.
    """
    proposal = _lock(proposal)
    _require(acting_user, "proposals.edit_draft", proposal)
    if proposal.status not in EDITABLE:
        raise DomainError(
            _("提案已提交，不能再添加或删除附件。"), code="not_editable", field="attachment"
        )
    if proposal.attachments.count() >= Attachment.MAX_PER_PROPOSAL:
        raise DomainError(
            _("每件提案最多上传 %(n)s 个附件，请先删除不需要的附件。")
            % {"n": Attachment.MAX_PER_PROPOSAL},
            code="too_many_attachments",
            field="attachment",
        )
    try:
        kind = validate_upload(
            upload, allowed=set(Attachment.ALLOWED_TYPES), max_bytes=Attachment.MAX_BYTES
        )
    except ValidationError as exc:
        raise DomainError(
            exc.messages[0], code=getattr(exc, "code", None) or "invalid_upload", field="attachment"
        ) from exc
    attachment = Attachment(
        proposal=proposal,
        original_name=_attachment_name(upload.name or ""),
        content_type=kind.content_type,
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    upload.seek(0)
    attachment.file.save("upload", upload, save=False)  # upload_to picks the stored name
    stored = attachment.file.name
    # If the row or its audit record cannot be written, the stored file goes again.
    try:
        attachment.save()
        audit.record(
            action="proposal.attachment_add",
            actor=acting_user,
            organisation=proposal.organisation_id,
            target=proposal,
            after={
                "attachment": attachment.pk,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
            },
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, acting_user: User, attachment: Attachment) -> None:
    """The author removes a file from a draft; the stored file goes once the removal commits."""
    proposal = _lock(attachment.proposal)
    _require(acting_user, "proposals.edit_draft", proposal)
    if proposal.status not in EDITABLE:
        raise DomainError(
            _("提案已提交，不能再添加或删除附件。"), code="not_editable", field="attachment"
        )
    locked = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
    if locked is None or locked.proposal_id != proposal.pk:
        raise NotFoundOrForbidden()
    attachment = locked
    storage, stored = attachment.file.storage, attachment.file.name
    before = {
        "attachment": attachment.pk,
        "name": attachment.original_name,
        "size": attachment.size,
    }
    attachment.delete()
    audit.record(
        action="proposal.attachment_remove",
        actor=acting_user,
        organisation=proposal.organisation_id,
        target=proposal,
        before=before,
    )
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
