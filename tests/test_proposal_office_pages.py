"""The 提案委 office's and leaders' proposal pages (views_office.py), driven like a browser
would: review, assignment, the handling desk, offline ratings, key and excellent proposals,
who may open what, and the query budget of the two list pages."""

from __future__ import annotations

import sys
import types
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ningju.members.models import Member
from ningju.proposals import services as s
from ningju.proposals.choices import (
    AssignmentStatus,
    ExtensionStatus,
    HandlingMode,
    ReplyStatus,
    ReviewOutcome,
    Status,
)
from ningju.proposals.models import (
    Assignment,
    Category,
    Feedback,
    Proposal,
    RefusalReason,
    Reply,
    ResultCategory,
    ReviewStep,
    SupervisionLog,
)
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))
TITLE = "关于加快长白山人参产业高质量发展的建议"


# --------------------------------------------------------------------------- building blocks


def draft(
    w: factories.ProposalWorld, username: str = "member", title: str = TITLE, **extra: Any
) -> Proposal:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    data = s.DraftData(
        title=title,
        situation="延边人参种植面积大，但精深加工不足。",
        analysis="品牌分散，缺少龙头企业带动。",
        suggestions="一是统一区域品牌；二是建设精深加工园区。",
        category_id=category.pk if category else None,
        **extra,
    )
    return s.draft_create(acting_user=w[username], data=data)


def submitted(w: factories.ProposalWorld, username: str = "member", **extra: Any) -> Proposal:
    proposal = draft(w, username, **extra)
    s.submit(acting_user=w[username], proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def passed(w: factories.ProposalWorld, **extra: Any) -> Proposal:
    proposal = submitted(w, **extra)
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    proposal.refresh_from_db()
    return proposal


def registered(w: factories.ProposalWorld, **extra: Any) -> Proposal:
    proposal = passed(w, **extra)
    s.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=s.ReviewDecision(ReviewOutcome.REGISTER),
    )
    proposal.refresh_from_db()
    return proposal


def assigned(w: factories.ProposalWorld, *, co: bool = False, unit: int = 0) -> list[Assignment]:
    proposal = registered(w)
    return s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[unit].pk,
        co_unit_ids=[w.units[1 - unit].pk] if co else [],
    )


def category_id(w: factories.ProposalWorld, code: str) -> int:
    return ResultCategory.objects.get(organisation=w.prefecture, code=code).pk


def signed_reply(w: factories.ProposalWorld, assignment: Assignment) -> Reply:
    """A reply drafted, sent and signed by the unit: waiting for the office's review."""
    officer, signer = (
        ("unit_officer", "unit_signer")
        if assignment.unit_id == w.units[0].pk
        else ("unit2_officer", "unit2_signer")
    )
    reply = s.reply_save(
        acting_user=w[officer],
        assignment=assignment,
        data=s.ReplyData(
            body="经研究，我局已将该建议列入明年工作计划，具体措施如下。" * 2,
            result_category_id=category_id(w, "B"),
            publicity="public",
        ),
    )
    s.reply_send(acting_user=w[officer], reply=reply)
    for cosign in reply.cosigns.select_related("assignment"):
        co_officer = (
            "unit_officer" if cosign.assignment.unit_id == w.units[0].pk else "unit2_officer"
        )
        s.reply_cosign(acting_user=w[co_officer], reply=reply, agreed=True, comment="")
    s.reply_sign(acting_user=w[signer], reply=reply, approve=True)
    reply.refresh_from_db()
    return reply


def replied(w: factories.ProposalWorld) -> Proposal:
    [assignment] = assigned(w)
    reply = signed_reply(w, assignment)
    s.reply_review(acting_user=w["staff"], reply=reply, approve=True)
    proposal = assignment.proposal
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED
    return proposal


def as_user(client: Client, user: Any) -> Client:
    client.logout()
    client.force_login(user)
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"proposals:{name}", args=args)


# --------------------------------------------------------------------------- review


@time_machine.travel(DURING_PLENARY)
def test_two_level_review_through_the_pages(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    proposal = submitted(w)
    as_user(client, w["staff"])
    queue = client.get(url("review_queue")).content.decode()
    assert TITLE in queue
    assert url("review", proposal.pk) in queue
    page = client.get(url("review", proposal.pk)).content.decode()
    assert "初审" in page
    assert 'value="pass"' in page
    assert 'value="return"' in page
    assert 'value="register"' not in page  # only the last level decides 立案
    response = client.post(url("review", proposal.pk), {"outcome": "pass", "action": "decide"})
    assert response.status_code == 302
    assert response["Location"] == url("review_queue")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_level) == (Status.IN_REVIEW, 1)
    queue = client.get(url("review_queue")).content.decode()
    assert "已通过初审，提交复审" in queue
    assert url("review", proposal.pk) not in queue
    # The staff member cannot take the second level.
    assert client.get(url("review", proposal.pk)).status_code == 403

    as_user(client, w["pdirector"])
    queue = client.get(url("review_queue")).content.decode()
    assert TITLE in queue
    page = client.get(url("review", proposal.pk)).content.decode()
    assert "复审" in page
    for outcome in ("register", "merge", "refuse", "return"):
        assert f'value="{outcome}"' in page
    assert "涉及党和国家秘密的" in page  # the organisation's refusal reasons
    response = client.post(
        url("review", proposal.pk), {"outcome": "register", "action": "decide"}, follow=True
    )
    assert "编为第1号提案" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (Status.REGISTERED, 1)
    detail = client.get(url("detail", proposal.pk)).content.decode()
    assert "第1号提案" in detail
    # The proposer sees the number on their own detail page too.
    as_user(client, w["member"])
    assert "第1号提案" in client.get(url("detail", proposal.pk)).content.decode()


@time_machine.travel(DURING_PLENARY)
def test_refuse_without_a_reason_changes_nothing(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    proposal = passed(w)
    as_user(client, w["pdirector"])
    response = client.post(
        url("review", proposal.pk),
        {"outcome": "refuse", "comment": "", "conversion": "opinion", "action": "decide"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择不予立案的理由。" in page
    assert "请写明理由，提案人会看到。" in page
    assert 'id="id_refusal_reason_error"' in page or "has-error" in page
    proposal.refresh_from_db()
    assert proposal.status == Status.IN_REVIEW
    assert not ReviewStep.objects.filter(proposal=proposal, level=2).exists()

    reason = RefusalReason.objects.filter(organisation=w.prefecture).order_by("sort_order").last()
    assert reason is not None
    response = client.post(
        url("review", proposal.pk),
        {
            "outcome": "refuse",
            "refusal_reason": reason.pk,
            "conversion": "opinion",
            "comment": "建议转请省政协委员提出",
            "action": "decide",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.conversion) == (Status.NOT_REGISTERED, "opinion")
    as_user(client, w["member"])
    detail = client.get(url("detail", proposal.pk)).content.decode()
    assert reason.text in detail
    assert "建议转请省政协委员提出" in detail
    assert "转社情民意信息" in detail


@time_machine.travel(DURING_PLENARY)
def test_return_with_a_comment_reaches_the_proposer(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    proposal = submitted(w)
    as_user(client, w["staff"])
    response = client.post(url("review", proposal.pk), {"outcome": "return", "action": "decide"})
    assert response.status_code == 200
    assert "请写明理由，提案人会看到。" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    response = client.post(
        url("review", proposal.pk),
        {"outcome": "return", "comment": "请补充近三年的种植面积数据。", "action": "decide"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.RETURNED
    as_user(client, w["member"])
    detail = client.get(url("detail", proposal.pk)).content.decode()
    assert "退回修改" in detail
    assert "请补充近三年的种植面积数据。" in detail


@time_machine.travel(DURING_PLENARY)
def test_merge_into_a_registered_proposal(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    lead = registered(w, title="关于发展延边人参精深加工的建议")
    other = passed(w)
    unfit = submitted(w, title="关于人参市场规范管理的建议")  # not registered: no target
    as_user(client, w["pdirector"])
    # The htmx search among registered proposals, by title and by number.
    for query in ("人参精深", "1", "第1号"):
        found = client.get(
            url("review", other.pk), {"merge_q": query}, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert f'value="{lead.pk}"' in found, query
        assert f'value="{unfit.pk}"' not in found
        assert "<html" not in found
    # Without JavaScript the search button re-renders the page and decides nothing.
    response = client.post(
        url("review", other.pk),
        {"outcome": "merge", "merge_q": "人参", "action": "search", "comment": "同一事项"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{lead.pk}"' in page
    assert "同一事项" in page
    assert 'value="merge" id="id_outcome_1" required checked' in page
    assert "请选择要并入的提案。" not in page  # a search is not a decision
    other.refresh_from_db()
    assert other.status == Status.IN_REVIEW
    # Choosing nothing, or a proposal that cannot lead, is refused next to the field.
    response = client.post(url("review", other.pk), {"outcome": "merge", "action": "decide"})
    assert "请选择要并入的提案。" in response.content.decode()
    response = client.post(
        url("review", other.pk), {"outcome": "merge", "merge_into": unfit.pk, "action": "decide"}
    )
    assert "只能并入已立案、尚未办复的提案。" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Status.IN_REVIEW

    response = client.post(
        url("review", other.pk),
        {
            "outcome": "merge",
            "merge_into": lead.pk,
            "comment": "与第1号提案内容相近",
            "action": "decide",
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.status, other.merged_into_id, other.number) == (Status.MERGED, lead.pk, None)
    # The original keeps its proposer, who sees where it went.
    as_user(client, w["member"])
    detail = client.get(url("detail", other.pk)).content.decode()
    assert "已并案" in detail
    assert "关于发展延边人参精深加工的建议" in detail


@time_machine.travel(DURING_PLENARY)
def test_similar_panel_shows_when_the_module_is_there(
    pworld: factories.ProposalWorld, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = pworld
    lead = registered(w, title="关于发展延边人参精深加工的建议")
    other = passed(w)
    as_user(client, w["pdirector"])
    monkeypatch.setitem(sys.modules, "ningju.proposals.similar", None)  # import fails
    page = client.get(url("review", other.pk)).content.decode()
    assert 'id="similar-title"' not in page

    calls: list[dict[str, Any]] = []

    def similar_proposals(**kwargs: Any) -> list[tuple[Proposal, float]]:
        calls.append(kwargs)
        return [(lead, 0.81)]

    fake = types.ModuleType("ningju.proposals.similar")
    fake.similar_proposals = similar_proposals  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ningju.proposals.similar", fake)
    page = client.get(url("review", other.pk)).content.decode()
    assert 'id="similar-title"' in page
    assert "相似度 0.81" in page
    assert f'id="merge-similar-{lead.pk}"' in page  # offered as the lead to merge into
    assert calls[0]["exclude_id"] == other.pk
    assert calls[0]["title"] == TITLE
    assert calls[0]["user"] == w["pdirector"]


@time_machine.travel(DURING_PLENARY)
def test_similar_panel_with_the_real_lookup(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    pytest.importorskip("ningju.proposals.similar")
    w = pworld
    lead = registered(w)  # the same text: the closest match
    other = passed(w)
    as_user(client, w["pdirector"])
    page = client.get(url("review", other.pk)).content.decode()
    assert 'id="similar-title"' in page
    assert url("detail", lead.pk) in page
    assert f'id="merge-similar-{lead.pk}"' in page


# --------------------------------------------------------------------------- assignment


@time_machine.travel(DURING_PLENARY)
def test_assign_a_lead_unit_with_a_co_unit(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    u0, u1 = w.units
    proposal = registered(w, suggested_unit_ids=[u1.pk, u0.pk])
    as_user(client, w["staff"])
    page = client.get(url("assign", proposal.pk)).content.decode()
    assert "提案人建议" in page
    assert "2026-04-12" in page  # the deadline the units will get
    # The proposer's suggestions come pre-ticked: the first as lead, the others as co-units.
    assert f'<option value="{u0.pk}" selected>' in page
    assert f'name="co_units" value="{u1.pk}" id="id_co_units_1" checked' in page
    assert f'name="co_units" value="{u0.pk}" id="id_co_units_0">' in page
    # 分办 with a single unit is refused next to the field; nothing is created.
    response = client.post(
        url("assign", proposal.pk), {"mode": "separate", "separate_units": [u0.pk]}
    )
    assert response.status_code == 200
    assert "分别办理请至少选择两个承办单位。" in response.content.decode()
    assert not Assignment.objects.filter(proposal=proposal).exists()

    response = client.post(
        url("assign", proposal.pk), {"mode": "lead", "lead_unit": u0.pk, "co_units": [u1.pk]}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING
    roles = dict(Assignment.objects.filter(proposal=proposal).values_list("unit_id", "role"))
    assert roles == {u0.pk: "lead", u1.pk: "co"}
    # Once assigned, the page sends the user back to the proposal.
    response = client.get(url("assign", proposal.pk))
    assert response.status_code == 302


@time_machine.travel(DURING_PLENARY)
def test_separate_handling(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    proposal = registered(w)
    as_user(client, w["staff"])
    response = client.post(
        url("assign", proposal.pk),
        {"mode": "separate", "separate_units": [u.pk for u in w.units]},
    )
    assert response.status_code == 302
    assert set(Assignment.objects.filter(proposal=proposal).values_list("role", flat=True)) == {
        "separate"
    }


# --------------------------------------------------------------------------- handling desk


@time_machine.travel(DURING_PLENARY)
def test_objection_decided_with_a_replacement(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    [assignment] = assigned(w)
    s.objection_raise(acting_user=w["unit_officer"], assignment=assignment, reason="非本单位职责")
    as_user(client, w["staff"])
    desk = client.get(url("handling")).content.decode()
    assert url("objection_decide", assignment.pk) in desk
    assert "非本单位职责" in desk
    page = client.get(url("objection_decide", assignment.pk)).content.decode()
    assert "非本单位职责" in page
    # A lead unit leaving needs a new lead.
    response = client.post(url("objection_decide", assignment.pk), {"decision": "accept"})
    assert response.status_code == 200
    assert "主办单位调整时必须指定新的主办单位。" in response.content.decode()
    response = client.post(
        url("objection_decide", assignment.pk),
        {"decision": "accept", "replacement_unit": w.units[1].pk},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    new = Assignment.objects.get(proposal=assignment.proposal, unit=w.units[1])
    assert (new.role, new.status) == ("lead", AssignmentStatus.HANDLING)
    assert (
        url("objection_decide", assignment.pk) not in client.get(url("handling")).content.decode()
    )


@time_machine.travel(DURING_PLENARY)
def test_objection_rejected_keeps_the_unit(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    [assignment] = assigned(w)
    s.objection_raise(acting_user=w["unit_officer"], assignment=assignment, reason="非本单位职责")
    as_user(client, w["staff"])
    response = client.post(url("objection_decide", assignment.pk), {"decision": "reject"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.HANDLING


@time_machine.travel(DURING_PLENARY)
def test_extension_approved(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    [assignment] = assigned(w)
    s.extension_request(
        acting_user=w["unit_officer"],
        assignment=assignment,
        until=date(2026, 5, 31),
        reason="涉及多部门协调",
    )
    as_user(client, w["staff"])
    desk = client.get(url("handling")).content.decode()
    assert url("extension_decide", assignment.pk) in desk
    page = client.get(url("extension_decide", assignment.pk)).content.decode()
    assert "2026-05-31" in page
    assert "涉及多部门协调" in page
    assert "2026-07-12" in page  # the furthest it may go (6 months)
    response = client.post(url("extension_decide", assignment.pk), {})
    assert "请作出决定。" in response.content.decode()
    response = client.post(url("extension_decide", assignment.pk), {"decision": "approve"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_on == date(2026, 5, 31)
    assert assignment.extension_status == ExtensionStatus.APPROVED
    # Nothing left to decide: the page sends the user back to the desk.
    assert client.get(url("extension_decide", assignment.pk))["Location"] == url("handling")


@time_machine.travel(DURING_PLENARY)
def test_reply_review_changes_the_category(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    lead, _co = assigned(w, co=True)
    reply = s.reply_save(
        acting_user=w["unit_officer"],
        assignment=lead,
        data=s.ReplyData(
            body="经研究，我局已将该建议列入明年工作计划，具体措施如下。" * 2,
            result_category_id=category_id(w, "B"),
            publicity="public",
        ),
    )
    s.reply_send(acting_user=w["unit_officer"], reply=reply)
    s.reply_cosign(acting_user=w["unit2_officer"], reply=reply, agreed=True, comment="同意")
    s.reply_sign(acting_user=w["unit_signer"], reply=reply, approve=True)
    as_user(client, w["staff"])
    desk = client.get(url("handling")).content.decode()
    assert url("reply_review", reply.pk) in desk
    page = client.get(url("reply_review", reply.pk)).content.decode()
    assert "经研究，我局已将该建议列入明年工作计划" in page
    assert "延边州卫生健康委员会" in page  # the co-unit's 会签
    assert f'<option value="{category_id(w, "B")}" selected>' in page
    # Returning needs a comment.
    response = client.post(url("reply_review", reply.pk), {"decision": "return"})
    assert "退回时请写明意见。" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.SUBMITTED
    response = client.post(
        url("reply_review", reply.pk),
        {"decision": "approve", "result_category": category_id(w, "A"), "comment": ""},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.APPROVED
    assert reply.result_category.code == "A"
    lead.proposal.refresh_from_db()
    assert lead.proposal.status == Status.REPLIED


@time_machine.travel(DURING_PLENARY)
def test_reply_returned_to_the_unit(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    [assignment] = assigned(w)
    reply = signed_reply(w, assignment)
    as_user(client, w["staff"])
    response = client.post(
        url("reply_review", reply.pk),
        {
            "decision": "return",
            "result_category": category_id(w, "B"),
            "comment": "请补充具体时间表。",
        },
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.status, reply.review_comment) == (ReplyStatus.RETURNED, "请补充具体时间表。")


@time_machine.travel(DURING_PLENARY)
def test_handling_desk_lists_overdue_per_unit_and_upcoming(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    [late] = assigned(w, unit=0)
    with time_machine.travel(DURING_PLENARY + timedelta(days=80)):
        as_user(client, w["staff"])
        desk = client.get(url("handling")).content.decode()
        assert "即将到期" in desk
        assert "还有 10 天" in desk
    with time_machine.travel(DURING_PLENARY + timedelta(days=95)):
        as_user(client, w["staff"])
        desk = client.get(url("handling")).content.decode()
        assert "逾期 5 天" in desk
        assert w.units[0].name in desk
        assert url("assignment", late.pk) in desk


# --------------------------------------------------------------------------- feedback


@time_machine.travel(DURING_PLENARY)
def test_offline_feedback_is_marked(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    proposal = replied(w)
    member = Member.objects.get(name="金哲洙")
    as_user(client, w["staff"])
    page = client.get(url("offline_feedback", proposal.pk)).content.decode()
    assert "代为录入" in page
    assert f'<option value="{member.pk}">金哲洙</option>' in page
    response = client.post(
        url("offline_feedback", proposal.pk),
        {"member": member.pk, "attitude": "satisfied", "result": "unsatisfied", "comment": ""},
    )
    assert "选择“不满意”时" in response.content.decode()
    assert not Feedback.objects.filter(proposal=proposal).exists()
    response = client.post(
        url("offline_feedback", proposal.pk),
        {"member": member.pk, "attitude": "satisfied", "result": "basically", "comment": "纸质表"},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(proposal=proposal)
    assert feedback.offline
    assert feedback.recorded_by == w["staff"]
    detail = client.get(url("detail", proposal.pk)).content.decode()
    assert "代为录入" in detail
    # Everyone has rated: the page has nothing left to record.
    assert client.get(url("offline_feedback", proposal.pk)).status_code == 302


# --------------------------------------------------------------------------- key & excellent


@time_machine.travel(DURING_PLENARY)
def test_key_proposal_and_supervision_log(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    proposal = registered(w)
    chair = Member.objects.get(name="康芳")
    as_user(client, w["staff"])
    assert client.get(url("key", proposal.pk)).status_code == 403
    page = client.get(url("supervision", proposal.pk)).content.decode()
    assert "只有重点提案需要督办记录。" in page

    as_user(client, w["chair"])
    page = client.get(url("key", proposal.pk)).content.decode()
    assert "康芳 · 主席" in page
    assert "金哲洙" not in page.split('id="id_supervisor"')[1].split("</select>")[0]
    response = client.post(url("key", proposal.pk), {"supervisor": ""})
    assert "请选择督办领导。" in response.content.decode()
    response = client.post(url("key", proposal.pk), {"supervisor": chair.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.is_key, proposal.key_supervisor_id) == (True, chair.pk)

    for username, notes in (("staff", "听取承办单位汇报"), ("chair", "实地走访人参加工园区")):
        as_user(client, w[username])
        response = client.post(
            url("supervision", proposal.pk),
            {"held_on": "2026-01-12", "form": "督办调研", "notes": notes},
        )
        assert response.status_code == 302, username
    response = client.post(
        url("supervision", proposal.pk),
        {"held_on": "2026-02-12", "form": "督办调研", "notes": "未来"},
    )
    assert "督办日期不能晚于今天。" in response.content.decode()
    assert SupervisionLog.objects.filter(proposal=proposal).count() == 2
    page = client.get(url("supervision", proposal.pk)).content.decode()
    assert "实地走访人参加工园区" in page
    assert "听取承办单位汇报" in page
    assert "督办领导：康芳" in page


@time_machine.travel(DURING_PLENARY)
def test_excellent_proposal(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    proposal = replied(w)
    as_user(client, w["staff"])
    assert client.post(url("excellent", proposal.pk)).status_code == 403
    as_user(client, w["pdirector"])
    assert client.get(url("excellent", proposal.pk)).status_code == 405
    response = client.post(url("excellent", proposal.pk), follow=True)
    assert "已评为优秀提案" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_excellent
    # Not yet replied: refused with the service's message.
    fresh = registered(w)
    response = client.post(url("excellent", fresh.pk), follow=True)
    assert "优秀提案从已办复的提案中评选。" in response.content.decode()
    fresh.refresh_from_db()
    assert not fresh.is_excellent


# --------------------------------------------------------------------------- permissions


@time_machine.travel(DURING_PLENARY)
def test_who_may_open_each_office_page(pworld: factories.ProposalWorld, client: Client) -> None:
    w = pworld
    waiting = submitted(w)
    to_assign = registered(w)
    lead, co = assigned(w, co=True)
    s.objection_raise(acting_user=w["unit_officer"], assignment=lead, reason="非本单位职责")
    s.extension_request(
        acting_user=w["unit2_officer"], assignment=co, until=date(2026, 5, 31), reason="协调"
    )
    [answering] = assigned(w)
    reply = signed_reply(w, answering)
    done = replied(w)
    handling = lead.proposal
    get, post = "get", "post"
    # (method, url, {username: expected status}); 403 = the role may not use the page,
    # 404 = the user may not see the object.
    cases = [
        (get, url("review_queue"), {"member": 403, "unit_officer": 403, "county_staff": 200}),
        (get, url("review_queue"), {"staff": 200, "pdirector": 200, "chair": 200}),
        (get, url("review", waiting.pk), {"member": 403, "unit_officer": 404, "county_staff": 404}),
        (get, url("review", waiting.pk), {"staff": 200, "pdirector": 403, "standing": 404}),
        (get, url("assign", to_assign.pk), {"member": 403, "unit_officer": 404}),
        (get, url("assign", to_assign.pk), {"county_staff": 404, "pdirector": 403, "staff": 200}),
        (get, url("handling"), {"member": 403, "unit_officer": 403, "county_staff": 200}),
        (get, url("handling"), {"staff": 200, "pdirector": 403, "chair": 403}),
        (get, url("objection_decide", lead.pk), {"member": 403, "unit_officer": 403}),
        (get, url("objection_decide", lead.pk), {"county_staff": 404, "staff": 200}),
        (get, url("extension_decide", co.pk), {"member": 403, "unit2_officer": 403}),
        (get, url("extension_decide", co.pk), {"county_staff": 404, "staff": 200}),
        (get, url("reply_review", reply.pk), {"member": 403, "unit_officer": 403}),
        (get, url("reply_review", reply.pk), {"unit2_officer": 404, "county_staff": 404}),
        (get, url("reply_review", reply.pk), {"staff": 200}),
        (get, url("offline_feedback", done.pk), {"member": 403, "unit_officer": 403}),
        (get, url("offline_feedback", done.pk), {"county_staff": 404, "staff": 200}),
        (get, url("key", handling.pk), {"member": 403, "unit_officer": 403, "county_staff": 404}),
        (get, url("key", handling.pk), {"staff": 403, "chair": 200}),
        (get, url("supervision", handling.pk), {"member": 403, "unit_officer": 403}),
        (get, url("supervision", handling.pk), {"county_staff": 404, "staff": 200, "chair": 200}),
        (post, url("excellent", done.pk), {"member": 403, "unit_officer": 403}),
        (post, url("excellent", done.pk), {"county_staff": 404, "staff": 403}),
        (get, url("review", 999_999), {"staff": 404}),
        (get, url("objection_decide", 999_999), {"staff": 404}),
        (get, url("reply_review", 999_999), {"staff": 404}),
    ]
    wrong = []
    for method, path, expected in cases:
        for username, status in expected.items():
            as_user(client, w[username])
            got = getattr(client, method)(path).status_code
            if got != status:
                wrong.append(f"{method.upper()} {path} as {username}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)
    # Nothing changed on the way.
    done.refresh_from_db()
    assert not done.is_excellent
    client.logout()
    response = client.get(url("review_queue"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- query budget


@time_machine.travel(DURING_PLENARY)
def test_review_queue_query_count_does_not_grow(
    pworld: factories.ProposalWorld,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    w = pworld
    for i in range(60):
        proposal = submitted(w, title=f"关于第{i}项民生事项的建议")
        if i % 3 == 0:
            s.review(
                acting_user=w["staff"],
                proposal=proposal,
                decision=s.ReviewDecision(ReviewOutcome.PASS),
            )
    for username, expected in (("staff", 40), ("pdirector", 20)):
        as_user(client, w[username])
        client.get(url("review_queue"))  # the first request after login writes the session
        with django_assert_max_num_queries(12):
            response = client.get(url("review_queue"))
        page = response.content.decode()
        assert f"待我审查 {expected} 件" in page, username
        with django_assert_max_num_queries(12):
            client.get(url("review_queue"), {"page": 2, "level": 1 if username == "staff" else 2})


@time_machine.travel(DURING_PLENARY)
def test_handling_desk_query_count_does_not_grow(
    pworld: factories.ProposalWorld,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    w = pworld
    for i in range(60):
        proposal = submitted(w, title=f"关于第{i}项民生事项的建议")
        if i % 4:
            continue
        s.review(
            acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
        )
        s.review(
            acting_user=w["pdirector"],
            proposal=proposal,
            decision=s.ReviewDecision(ReviewOutcome.REGISTER),
        )
        lead, co = s.assign(
            acting_user=w["staff"],
            proposal=proposal,
            mode=HandlingMode.LEAD,
            lead_unit_id=w.units[i % 8 // 4].pk,
            co_unit_ids=[w.units[1 - i % 8 // 4].pk],
        )
        if i % 12 == 0:
            officer = "unit_officer" if lead.unit_id == w.units[0].pk else "unit2_officer"
            s.objection_raise(acting_user=w[officer], assignment=lead, reason="非本单位职责")
        elif i % 12 == 4:
            officer = "unit_officer" if co.unit_id == w.units[0].pk else "unit2_officer"
            s.extension_request(
                acting_user=w[officer], assignment=co, until=date(2026, 6, 1), reason="协调"
            )
        elif i % 12 == 8:
            signed_reply(w, lead)
    assert Assignment.objects.count() == 30
    as_user(client, w["staff"])
    client.get(url("handling"))  # the first request after login writes the session
    with django_assert_max_num_queries(12):
        desk = client.get(url("handling")).content.decode()
    assert desk.count("/objection/") == 5
    assert desk.count("/extension/decide/") == 5
    assert desk.count('/review/"') >= 1  # replies waiting
    with time_machine.travel(DURING_PLENARY + timedelta(days=100)):
        as_user(client, w["staff"])
        client.get(url("handling"))
        with django_assert_max_num_queries(12):
            desk = client.get(url("handling")).content.decode()
        assert "逾期未办复" in desk
        assert w.units[0].name in desk
        assert w.units[1].name in desk


# --------------------------------------------------------------------------- daily command


@time_machine.travel(DURING_PLENARY)
def test_proposals_daily_command(pworld: factories.ProposalWorld) -> None:
    w = pworld
    cosigner = Member.objects.get(name="朴英顺")
    joint = submitted(w, proposer_type="joint", cosigner_ids=[cosigner.pk])
    assert joint.status == Status.COSIGNING
    assigned(w)  # due 2026-04-12: reminded before and after
    rated_late = replied(w)
    out = StringIO()
    call_command("proposals_daily", "--date", "2026-04-01", stdout=out)
    text = out.getvalue()
    assert "proposals daily jobs for 2026-04-01" in text
    assert "co-signature invitations lapsed: 1 proposal(s)" in text
    assert "reminders sent: 1 assignment(s)" in text
    assert "feedback closed as not returned: 1 proposal(s)" in text
    joint.refresh_from_db()
    rated_late.refresh_from_db()
    assert joint.status == Status.SUBMITTED
    assert rated_late.status == Status.COMPLETED
    # Running again the same day changes nothing more.
    out = StringIO()
    call_command("proposals_daily", "--date", "2026-04-01", stdout=out)
    assert "lapsed: 0" in out.getvalue()
    assert "reminders sent: 0" in out.getvalue()
    assert "not returned: 0" in out.getvalue()
