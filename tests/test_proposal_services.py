"""The proposal chain through the services: what every page and the API rely on."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from ningju.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from ningju.core.models import AuditEvent
from ningju.members.models import Member
from ningju.performance.models import DutyRecord
from ningju.proposals import services as s
from ningju.proposals import workflow
from ningju.proposals.choices import (
    AssignmentStatus,
    HandlingMode,
    ReviewOutcome,
    Status,
)
from ningju.proposals.models import Assignment, Category, Proposal, RefusalReason, ResultCategory
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))


def draft(w: factories.ProposalWorld, username: str = "member", **extra: object) -> Proposal:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    data = s.DraftData(
        title="关于加快长白山人参产业高质量发展的建议",
        situation="延边人参种植面积大，但精深加工不足。",
        analysis="品牌分散，缺少龙头企业带动。",
        suggestions="一是统一区域品牌；二是建设精深加工园区。",
        category_id=category.pk if category else None,
        **extra,  # type: ignore[arg-type]
    )
    return s.draft_create(acting_user=w[username], data=data)


def registered(w: factories.ProposalWorld, **extra: object) -> Proposal:
    proposal = draft(w, **extra)
    s.submit(acting_user=w["member"], proposal=proposal)
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    s.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=s.ReviewDecision(ReviewOutcome.REGISTER),
    )
    proposal.refresh_from_db()
    return proposal


def _category(w: factories.ProposalWorld, code: str) -> int:
    return ResultCategory.objects.get(organisation=w.prefecture, code=code).pk


def reply_and_approve(
    w: factories.ProposalWorld, assignment: Assignment, *, officer: str, signer: str
) -> None:
    reply = s.reply_save(
        acting_user=w[officer],
        assignment=assignment,
        data=s.ReplyData(
            body="经研究，我局已将该建议列入明年工作计划，具体措施如下。" * 2,
            result_category_id=_category(w, "B"),
            publicity="public",
        ),
    )
    s.reply_send(acting_user=w[officer], reply=reply)
    reply.refresh_from_db()
    for cosign in reply.cosigns.select_related("assignment"):
        co_officer = "unit2_officer" if cosign.assignment.unit == w.units[1] else "unit_officer"
        s.reply_cosign(acting_user=w[co_officer], reply=reply, agreed=True, comment="")
    s.reply_sign(acting_user=w[signer], reply=reply, approve=True)
    s.reply_review(
        acting_user=w["staff"], reply=reply, approve=True, result_category_id=_category(w, "A")
    )


@time_machine.travel(DURING_PLENARY)
def test_joint_proposal_full_chain(pworld: factories.ProposalWorld) -> None:
    w = pworld
    cosigner = Member.objects.get(name="朴英顺")
    proposal = draft(w, proposer_type="joint", cosigner_ids=[cosigner.pk])
    s.submit(acting_user=w["member"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.COSIGNING
    assert proposal.period == "plenary"
    s.cosign_respond(acting_user=w["standing"], proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    s.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=s.ReviewDecision(ReviewOutcome.REGISTER),
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.REGISTERED
    assert proposal.number == 1
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
        co_unit_ids=[w.units[1].pk],
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING
    lead = proposal.assignments.get(role="lead")
    assert lead.due_on == date(2026, 4, 12)
    s.meeting_record(
        acting_user=w["unit_officer"],
        assignment=lead,
        form="visit",
        held_on=date(2026, 1, 12),
        notes="走访提案人",
    )
    reply_and_approve(w, lead, officer="unit_officer", signer="unit_signer")
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED
    assert lead.replies.get().result_category.code == "A"
    s.feedback_submit(
        acting_user=w["member"], proposal=proposal, data=s.FeedbackData("satisfied", "satisfied")
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED  # waiting for the co-signer
    s.feedback_submit(
        acting_user=w["standing"],
        proposal=proposal,
        data=s.FeedbackData("basically", "unsatisfied", "措施不具体"),
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.REHANDLING
    assert proposal.handling_round == 2
    second = proposal.assignments.get(role="lead", round=2)
    assert second.due_on == date(2026, 2, 12)
    reply_and_approve(w, second, officer="unit_officer", signer="unit_signer")
    for username in ("member", "standing"):
        s.feedback_submit(
            acting_user=w[username],
            proposal=proposal,
            data=s.FeedbackData("satisfied", "satisfied"),
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.COMPLETED
    kinds = set(
        DutyRecord.objects.filter(source_id=str(proposal.pk)).values_list("kind", "member__name")
    )
    # Yanbian rule: only the first proposer earns the record.
    assert kinds == {("proposal_submitted", "金哲洙"), ("proposal_registered", "金哲洙")}
    actions = set(
        AuditEvent.objects.filter(object_id=str(proposal.pk)).values_list("action", flat=True)
    )
    assert {
        "proposal.submit_joint",
        "proposal.register",
        "proposal.assign",
        "proposal.all_replies_approved",
        "proposal.unsatisfied",
        "proposal.all_satisfied",
    } <= actions


@time_machine.travel(DURING_PLENARY)
def test_numbers_are_sequential_without_gaps(pworld: factories.ProposalWorld) -> None:
    numbers = [registered(pworld).number for _ in range(4)]
    assert numbers == [1, 2, 3, 4]


@time_machine.travel(DURING_PLENARY)
def test_merge_keeps_each_original_with_its_own_reply(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = registered(w)
    other = draft(w, username="director")
    s.submit(acting_user=w["director"], proposal=other)
    s.review(acting_user=w["staff"], proposal=other, decision=s.ReviewDecision(ReviewOutcome.PASS))
    s.review(
        acting_user=w["pdirector"],
        proposal=other,
        decision=s.ReviewDecision(ReviewOutcome.MERGE, merge_into_id=lead.pk),
    )
    other.refresh_from_db()
    assert other.status == Status.MERGED
    assert other.number is None
    assert DutyRecord.objects.filter(source_id=str(other.pk), kind="proposal_registered").exists()
    s.assign(
        acting_user=w["staff"], proposal=lead, mode=HandlingMode.LEAD, lead_unit_id=w.units[0].pk
    )
    other.refresh_from_db()
    assert other.status == Status.HANDLING
    follower = other.assignments.get()
    reply_and_approve(w, follower, officer="unit_officer", signer="unit_signer")
    other.refresh_from_db()
    assert other.status == Status.REPLIED


@time_machine.travel(DURING_PLENARY)
def test_refusal_needs_a_reason_and_tells_the_proposer(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    with pytest.raises(DomainError):
        s.review(
            acting_user=w["pdirector"],
            proposal=proposal,
            decision=s.ReviewDecision(ReviewOutcome.REFUSE, comment="x"),
        )
    reason = RefusalReason.objects.filter(organisation=w.prefecture).last()
    s.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=s.ReviewDecision(
            ReviewOutcome.REFUSE,
            comment="建议转请省政协委员提出",
            refusal_reason_id=reason.pk,
            conversion="opinion",
        ),
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.NOT_REGISTERED
    assert proposal.conversion == "opinion"
    from ningju.notify.models import Notification

    assert Notification.objects.filter(recipient=w["member"], event="proposal.refused").exists()


@time_machine.travel(DURING_PLENARY)
def test_staff_cannot_register_at_first_level_and_members_cannot_review(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    with pytest.raises(DomainError):
        s.review(
            acting_user=w["staff"],
            proposal=proposal,
            decision=s.ReviewDecision(ReviewOutcome.REGISTER),
        )
    for username in ("member", "unit_officer", "pdirector", "county_staff"):
        with pytest.raises(PermissionDenied):
            s.review(
                acting_user=w[username],
                proposal=proposal,
                decision=s.ReviewDecision(ReviewOutcome.PASS),
            )


@time_machine.travel(DURING_PLENARY)
def test_objection_and_extension(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = registered(w)
    [assignment] = s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    with pytest.raises(PermissionDenied):
        s.objection_raise(
            acting_user=w["unit2_officer"], assignment=assignment, reason="非本单位职责"
        )
    s.objection_raise(acting_user=w["unit_officer"], assignment=assignment, reason="非本单位职责")
    s.objection_decide(
        acting_user=w["staff"],
        assignment=assignment,
        accept=True,
        replacement_unit_id=w.units[1].pk,
    )
    new = proposal.assignments.get(unit=w.units[1])
    assert new.role == "lead"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    with pytest.raises(DomainError):
        s.extension_request(
            acting_user=w["unit2_officer"],
            assignment=new,
            until=date(2026, 12, 31),
            reason="涉及多部门",
        )
    s.extension_request(
        acting_user=w["unit2_officer"], assignment=new, until=date(2026, 5, 31), reason="涉及多部门"
    )
    s.extension_decide(acting_user=w["staff"], assignment=new, approve=True)
    new.refresh_from_db()
    assert new.due_on == date(2026, 5, 31)


@time_machine.travel(DURING_PLENARY)
def test_objection_too_late(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = registered(w)
    [assignment] = s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    with (
        time_machine.travel(timezone.now() + timedelta(days=11)),
        pytest.raises(DomainError, match="10"),
    ):
        s.objection_raise(
            acting_user=w["unit_officer"], assignment=assignment, reason="非本单位职责"
        )


@time_machine.travel(DURING_PLENARY)
def test_office_records_offline_rating(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = registered(w)
    [assignment] = s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    reply_and_approve(w, assignment, officer="unit_officer", signer="unit_signer")
    member = Member.objects.get(name="金哲洙")
    feedback = s.feedback_record_offline(
        acting_user=w["staff"],
        proposal=proposal,
        member_id=member.pk,
        data=s.FeedbackData("satisfied", "basically"),
    )
    assert feedback.offline
    proposal.refresh_from_db()
    assert proposal.status == Status.COMPLETED


@time_machine.travel(DURING_PLENARY)
def test_reminders_before_and_after_the_deadline(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = registered(w)
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    assert s.send_reminders(today=date(2026, 3, 1)) == 0
    assert s.send_reminders(today=date(2026, 4, 1)) == 1
    assert s.send_reminders(today=date(2026, 4, 3)) == 0  # at most weekly
    assert s.send_reminders(today=date(2026, 4, 20)) == 1


@time_machine.travel(DURING_PLENARY)
def test_key_and_excellent(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = registered(w)
    supervisor = Member.objects.get(name="康芳")
    with pytest.raises(PermissionDenied):
        s.key_mark(acting_user=w["staff"], proposal=proposal, supervisor_id=supervisor.pk)
    s.key_mark(acting_user=w["chair"], proposal=proposal, supervisor_id=supervisor.pk)
    s.supervision_add(
        acting_user=w["staff"],
        proposal=proposal,
        held_on=date(2026, 1, 12),
        form="督办协商会",
        notes="听取承办单位汇报",
    )
    assert DutyRecord.objects.filter(source_id=str(proposal.pk), kind="proposal_key").exists()


def test_transition_table_walk() -> None:
    for status, action in itertools.product(Status.values, workflow.ACTIONS):
        if (status, action) in workflow.TRANSITIONS:
            assert workflow.next_status(status, action) in Status.values
        else:
            with pytest.raises(TransitionNotAllowed):
                workflow.next_status(status, action)
