"""Handling-unit pages: the queue, objection, extension, 办前面商, the reply letter, 会签 and
签发 — driven through the pages with the test client, the chain set up through services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ningju.accounts.models import User
from ningju.proposals import services as s
from ningju.proposals.choices import (
    AssignmentRole,
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
    Proposal,
    Reply,
    ReplyCosign,
    ResultCategory,
)
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))
GOOD_BODY = "经研究，我局已将该建议列入明年工作计划，将统一区域品牌并建设精深加工园区。"
QUEUE_QUERIES = 12


# --------------------------------------------------------------------------- helpers


def registered(w: factories.ProposalWorld, title: str = "") -> Proposal:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    proposal = s.draft_create(
        acting_user=w["member"],
        data=s.DraftData(
            title=title or "关于加快长白山人参产业高质量发展的建议",
            situation="延边人参种植面积大，但精深加工不足。",
            analysis="品牌分散，缺少龙头企业带动。",
            suggestions="一是统一区域品牌；二是建设精深加工园区。",
            category_id=category.pk if category else None,
        ),
    )
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


def handling(
    w: factories.ProposalWorld, *, mode: str = HandlingMode.LEAD, co: bool = True
) -> Proposal:
    """A registered proposal assigned: units[0] leads (units[1] co-handles), or both separately."""
    proposal = registered(w)
    if mode == HandlingMode.LEAD:
        s.assign(
            acting_user=w["staff"],
            proposal=proposal,
            mode=mode,
            lead_unit_id=w.units[0].pk,
            co_unit_ids=[w.units[1].pk] if co else [],
        )
    else:
        s.assign(
            acting_user=w["staff"],
            proposal=proposal,
            mode=mode,
            separate_unit_ids=[u.pk for u in w.units],
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING
    return proposal


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def category(w: factories.ProposalWorld, code: str) -> int:
    return ResultCategory.objects.get(organisation=w.prefecture, code=code).pk


def reply_post(w: factories.ProposalWorld, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "body": GOOD_BODY,
        "result_category": category(w, "B"),
        "publicity": "public",
        "contact_name": "李科长",
        "contact_phone": "0433-2512345",
        "send": "1",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def url(name: str, pk: int) -> str:
    return reverse(f"proposals:{name}", args=[pk])


# --------------------------------------------------------------------------- objection


@time_machine.travel(DURING_PLENARY)
def test_objection_within_the_window(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w).assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "2026-01-22" in page  # 申请调整截止 (10 days)
    assert url("objection", lead.pk) in page
    form = officer.get(url("objection", lead.pk))
    assert form.status_code == 200
    assert "承办单位不能自行转交" in form.content.decode()
    empty = officer.post(url("objection", lead.pk), {"reason": "  "})
    assert "请写明申请调整的理由" in empty.content.decode()
    response = officer.post(url("objection", lead.pk), {"reason": "属于州农业农村局职责。"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.OBJECTED
    assert lead.objection_reason == "属于州农业农村局职责。"
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "正在等待提案委员会决定" in page
    assert url("objection", lead.pk) not in page


@time_machine.travel(DURING_PLENARY)
def test_objection_is_refused_after_the_window(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w).assignments.get(role=AssignmentRole.LEAD)
    with time_machine.travel(DURING_PLENARY + timedelta(days=11)):
        officer = as_user(w["unit_officer"])
        page = officer.get(url("assignment", lead.pk)).content.decode()
        assert url("objection", lead.pk) not in page
        assert "申请调整的期限已于 2026-01-22 截止" in page
        form = officer.get(url("objection", lead.pk)).content.decode()
        assert "申请调整的期限已于 2026-01-22 截止" in form
        assert 'name="reason"' not in form
        response = officer.post(url("objection", lead.pk), {"reason": "不属于我局职责。"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "已超过 10 天的申请调整期限" in body
        assert "不属于我局职责。" in body  # what was typed is kept
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.HANDLING


# --------------------------------------------------------------------------- extension, meeting


@time_machine.travel(DURING_PLENARY)
def test_extension_beyond_the_limit_shows_the_message(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w).assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    form = officer.get(url("extension", lead.pk)).content.decode()
    assert "2026-07-12" in form  # latest allowed: six months after 交办
    too_late = officer.post(
        url("extension", lead.pk), {"until": "2026-08-01", "reason": "需要跨部门协调。"}
    )
    assert too_late.status_code == 200
    body = too_late.content.decode()
    assert "延期日期须晚于原期限，且不晚于 2026-07-12" in body
    assert "需要跨部门协调。" in body
    lead.refresh_from_db()
    assert lead.extension_status == ExtensionStatus.NONE
    bad_date = officer.post(url("extension", lead.pk), {"until": "明年", "reason": "x"})
    assert "请输入有效日期" in bad_date.content.decode()
    ok = officer.post(
        url("extension", lead.pk), {"until": "2026-05-12", "reason": "需要跨部门协调。"}
    )
    assert ok.status_code == 302
    lead.refresh_from_db()
    assert lead.extension_status == ExtensionStatus.REQUESTED
    assert lead.extension_due_on == date(2026, 5, 12)
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "已申请延期" in page
    assert url("extension", lead.pk) not in page


@time_machine.travel(DURING_PLENARY)
def test_meeting_with_the_proposer_is_recorded(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w).assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    form = officer.get(url("meeting", lead.pk)).content.decode()
    assert "金哲洙" in form  # the proposer, by name only
    assert "13812345678" not in form
    future = officer.post(
        url("meeting", lead.pk), {"form": "visit", "held_on": "2026-02-01", "notes": "走访"}
    )
    assert "面商日期不能晚于今天" in future.content.decode()
    no_notes = officer.post(url("meeting", lead.pk), {"form": "visit", "held_on": "2026-01-12"})
    assert "请简要记录面商情况" in no_notes.content.decode()
    response = officer.post(
        url("meeting", lead.pk),
        {"form": "visit", "held_on": "2026-01-12", "notes": "到提案人单位走访，听取意见。"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.meeting_form == "visit"
    assert lead.meeting_on == date(2026, 1, 12)
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "走访面商" in page
    assert "到提案人单位走访，听取意见。" in page


# --------------------------------------------------------------------------- replies


@time_machine.travel(DURING_PLENARY)
def test_lead_and_co_unit_reply_path(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = handling(w)
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    co = proposal.assignments.get(role=AssignmentRole.CO)
    officer = as_user(w["unit_officer"])
    form = officer.get(url("reply", lead.pk)).content.decode()
    for code in ("A", "B", "C"):
        assert f"<strong>{code}</strong>" in form
    assert "已经着手解决" in form  # the plain explanation under B
    assert "先请会办单位（延边州卫生健康委员会）会签" in form
    response = officer.post(url("reply", lead.pk), reply_post(w))
    assert response.status_code == 302
    letter = Reply.objects.get(assignment=lead)
    assert letter.status == ReplyStatus.COSIGNING

    # The co-handling unit sees the request in its queue and agrees.
    co_officer = as_user(w["unit2_officer"])
    queue = co_officer.get(reverse("proposals:unit_queue")).content.decode()
    assert url("reply_cosign", letter.pk) in queue
    co_page = co_officer.get(url("assignment", co.pk)).content.decode()
    assert "会办单位" in co_page
    assert url("reply_cosign", letter.pk) in co_page
    cosign = co_officer.get(url("reply_cosign", letter.pk))
    assert cosign.status_code == 200
    assert GOOD_BODY in cosign.content.decode()
    response = co_officer.post(url("reply_cosign", letter.pk), {"agreed": "yes", "comment": ""})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.AWAITING_SIGNER

    # The lead unit's signer signs.
    signer = as_user(w["unit_signer"])
    queue = signer.get(reverse("proposals:unit_queue")).content.decode()
    assert url("reply_sign", letter.pk) in queue
    sign_page = signer.get(url("reply_sign", letter.pk)).content.decode()
    assert "延边州卫生健康委员会" in sign_page  # the co-unit's 会签 opinion
    assert "同意签发" in sign_page
    response = signer.post(url("reply_sign", letter.pk), {"approve": "yes", "comment": ""})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.SUBMITTED
    assert letter.signed_by == w["unit_signer"]

    # The office reviews (its page is someone else's) and changes B to A.
    s.reply_review(
        acting_user=w["staff"], reply=letter, approve=True, result_category_id=category(w, "A")
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED
    co.refresh_from_db()
    assert co.status == AssignmentStatus.REPLIED
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "审核通过" in page
    assert "已答复" in page
    assert "所提问题已经解决或基本解决" in page
    queue = officer.get(reverse("proposals:unit_queue")).content.decode()
    done = queue.split('id="done-title"')[1]
    assert proposal.title in done


@time_machine.travel(DURING_PLENARY)
def test_disagreement_returns_the_draft_with_the_comment(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = handling(w)
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    officer.post(url("reply", lead.pk), reply_post(w))
    letter = Reply.objects.get(assignment=lead)
    co_officer = as_user(w["unit2_officer"])
    missing = co_officer.post(url("reply_cosign", letter.pk), {"agreed": "no", "comment": ""})
    assert missing.status_code == 200
    assert "不同意时请写明意见" in missing.content.decode()
    response = co_officer.post(
        url("reply_cosign", letter.pk),
        {"agreed": "no", "comment": "请补充卫生健康部门的资金安排。"},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.RETURNED
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert "退回修改" in page
    assert "请补充卫生健康部门的资金安排。" in page
    form = officer.get(url("reply", lead.pk)).content.decode()
    assert "请补充卫生健康部门的资金安排。" in form
    assert GOOD_BODY in form  # the returned draft, ready to revise
    # The co-unit's request is no longer pending; the lead revises and sends again.
    queue = co_officer.get(reverse("proposals:unit_queue")).content.decode()
    assert url("reply_cosign", letter.pk) not in queue
    officer.post(url("reply", lead.pk), reply_post(w, body=GOOD_BODY + "资金由州财政统筹安排。"))
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.COSIGNING
    assert Reply.objects.filter(assignment=lead).count() == 1


@time_machine.travel(DURING_PLENARY)
def test_signer_returns_the_letter_with_a_comment(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w, co=False).assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    officer.post(url("reply", lead.pk), reply_post(w, send=None, save="1"))
    letter = Reply.objects.get(assignment=lead)
    assert letter.status == ReplyStatus.DRAFT
    page = officer.get(url("assignment", lead.pk)).content.decode()
    assert url("reply_send", letter.pk) in page
    assert officer.post(url("reply_send", letter.pk)).status_code == 302
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.AWAITING_SIGNER  # no co-handling unit: straight on
    signer = as_user(w["unit_signer"])
    silent = signer.post(url("reply_sign", letter.pk), {"approve": "no", "comment": ""})
    assert "退回时请写明意见" in silent.content.decode()
    signer.post(url("reply_sign", letter.pk), {"approve": "no", "comment": "措施要写具体时间。"})
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.RETURNED
    assert "措施要写具体时间。" in officer.get(url("assignment", lead.pk)).content.decode()


@time_machine.travel(DURING_PLENARY)
def test_separate_handling_each_unit_replies(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = handling(w, mode=HandlingMode.SEPARATE)
    letters = []
    for unit, officer_name, signer_name in (
        (w.units[0], "unit_officer", "unit_signer"),
        (w.units[1], "unit2_officer", "unit2_signer"),
    ):
        assignment = proposal.assignments.get(unit=unit)
        assert assignment.role == AssignmentRole.SEPARATE
        officer = as_user(w[officer_name])
        page = officer.get(url("assignment", assignment.pk)).content.decode()
        assert url("reply", assignment.pk) in page
        assert officer.post(url("reply", assignment.pk), reply_post(w)).status_code == 302
        letter = Reply.objects.get(assignment=assignment)
        assert letter.status == ReplyStatus.AWAITING_SIGNER
        assert not ReplyCosign.objects.filter(reply=letter).exists()
        signer = as_user(w[signer_name])
        assert signer.post(url("reply_sign", letter.pk), {"approve": "yes"}).status_code == 302
        letters.append(letter)
    s.reply_review(acting_user=w["staff"], reply=letters[0], approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING  # the other unit's letter is still under review
    s.reply_review(acting_user=w["staff"], reply=letters[1], approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED


@time_machine.travel(DURING_PLENARY)
def test_short_body_shows_the_message_and_keeps_the_text(pworld: factories.ProposalWorld) -> None:
    w = pworld
    lead = handling(w).assignments.get(role=AssignmentRole.LEAD)
    officer = as_user(w["unit_officer"])
    response = officer.post(url("reply", lead.pk), reply_post(w, body="已收到，谢谢。"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "答复内容过短" in body
    assert "已收到，谢谢。" in body
    assert "李科长" in body
    assert not Reply.objects.filter(assignment=lead).exists()
    no_category = officer.post(url("reply", lead.pk), reply_post(w, result_category=""))
    assert "请选择办理结果类别" in no_category.content.decode()


@time_machine.travel(DURING_PLENARY)
def test_co_unit_cannot_draft_a_reply(pworld: factories.ProposalWorld) -> None:
    w = pworld
    co = handling(w).assignments.get(role=AssignmentRole.CO)
    co_officer = as_user(w["unit2_officer"])
    page = co_officer.get(url("assignment", co.pk)).content.decode()
    assert "由主办单位统一答复" in page
    assert url("reply", co.pk) not in page
    response = co_officer.get(url("reply", co.pk))
    assert response.status_code == 302
    assert not Reply.objects.filter(assignment=co).exists()


# --------------------------------------------------------------------------- permissions


@time_machine.travel(DURING_PLENARY)
def test_other_units_and_members_do_not_see_the_assignment(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    lead_only = handling(w, co=False).assignments.get(role=AssignmentRole.LEAD)
    for username in ("unit2_officer", "unit2_signer", "member", "county_staff"):
        client = as_user(w[username])
        for name in ("assignment", "objection", "extension", "meeting", "reply"):
            assert client.get(url(name, lead_only.pk)).status_code == 404, (username, name)
    # The office reads the unit's page.
    assert as_user(w["staff"]).get(url("assignment", lead_only.pk)).status_code == 200


@time_machine.travel(DURING_PLENARY)
def test_co_handling_unit_reads_the_lead_page_but_cannot_act(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = handling(w)
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    co_officer = as_user(w["unit2_officer"])
    page = co_officer.get(url("assignment", lead.pk))
    assert page.status_code == 200
    assert url("reply", lead.pk) not in page.content.decode()
    for name in ("objection", "extension", "meeting", "reply"):
        assert co_officer.get(url(name, lead.pk)).status_code == 403, name
    assert co_officer.post(url("objection", lead.pk), {"reason": "x"}).status_code == 403
    officer = as_user(w["unit_officer"])
    officer.post(url("reply", lead.pk), reply_post(w))
    letter = Reply.objects.get(assignment=lead)
    # Only the lead unit's signer signs; only the co-unit co-signs; only the officer sends.
    assert co_officer.get(url("reply_sign", letter.pk)).status_code == 403
    assert as_user(w["unit2_signer"]).get(url("reply_sign", letter.pk)).status_code == 403
    assert officer.get(url("reply_sign", letter.pk)).status_code == 403
    assert officer.get(url("reply_cosign", letter.pk)).status_code == 404
    assert as_user(w["unit_signer"]).post(url("reply_send", letter.pk)).status_code == 403
    assert as_user(w["unit_signer"]).get(url("reply", lead.pk)).status_code == 403
    assert as_user(w["member"]).get(url("reply_cosign", letter.pk)).status_code == 404


def test_unit_queue_is_for_handling_units_only(pworld: factories.ProposalWorld) -> None:
    w = pworld
    queue = reverse("proposals:unit_queue")
    for username in ("member", "staff", "chair", "pdirector", "sysadmin"):
        assert as_user(w[username]).get(queue).status_code == 403, username
    for username in ("unit_officer", "unit_signer", "unit2_officer"):
        assert as_user(w[username]).get(queue).status_code == 200, username
    assert Client().get(queue).status_code == 302  # to the sign-in page


# --------------------------------------------------------------------------- queue


def _bulk_assignments(w: factories.ProposalWorld, count: int) -> None:
    """Many assignments of units[0] without running the whole chain for each (speed only)."""
    now = timezone.now()
    today = timezone.localdate()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            organisation=w.prefecture,
            session=w.session,  # type: ignore[misc]
            number=1000 + i,
            numbering_stream="all",
            title=f"关于第{i}项工作的建议",
            status=Status.HANDLING if i % 4 else Status.REPLIED,
            handling_mode=HandlingMode.LEAD,
            created_by=w["member"],
        )
        for i in range(count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            proposal=p,
            unit=w.units[0],
            role=AssignmentRole.LEAD,
            status=AssignmentStatus.HANDLING if i % 4 else AssignmentStatus.REPLIED,
            assigned_at=now,
            due_on=today + timedelta(days=i - 10),
        )
        for i, p in enumerate(proposals)
    )


@time_machine.travel(DURING_PLENARY)
def test_unit_queue_groups_and_keeps_its_query_count(
    pworld: factories.ProposalWorld, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    w = pworld
    # Real work in every section: a reply awaiting the signer, and a cosign request from unit2.
    lead = handling(w, co=False).assignments.get(role=AssignmentRole.LEAD)
    s.reply_send(
        acting_user=w["unit_officer"],
        reply=s.reply_save(
            acting_user=w["unit_officer"],
            assignment=lead,
            data=s.ReplyData(GOOD_BODY, category(w, "A"), "public"),
        ),
    )
    other = registered(w, title="关于加强朝鲜族传统村落保护的建议")
    s.assign(
        acting_user=w["staff"],
        proposal=other,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[1].pk,
        co_unit_ids=[w.units[0].pk],
    )
    s.reply_send(
        acting_user=w["unit2_officer"],
        reply=s.reply_save(
            acting_user=w["unit2_officer"],
            assignment=other.assignments.get(unit=w.units[1]),
            data=s.ReplyData(GOOD_BODY, category(w, "B"), "public"),
        ),
    )
    _bulk_assignments(w, 64)
    signer = as_user(w["unit_signer"])
    queue = reverse("proposals:unit_queue")
    signer.get(queue)  # the first request of a session stamps its activity time
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = signer.get(queue)
    body = response.content.decode()
    assert response.status_code == 200
    sections = {
        key: body.split(f'id="{key}-title"')[1].split("</section>")[0]
        for key in ("open", "cosign", "sign", "done")
    }
    # 待办: sorted by due date, the most overdue first and marked.
    assert sections["open"].index("关于第1项工作的建议") < sections["open"].index(
        "关于第2项工作的建议"
    )
    assert "已超期 9 天" in sections["open"]
    assert "overdue" in sections["open"]
    assert "关于第4项工作的建议" not in sections["open"]  # replied ones are done
    assert "关于加强朝鲜族传统村落保护的建议" in sections["cosign"]
    assert url("reply_sign", lead.replies.get().pk) in sections["sign"]
    assert "关于第4项工作的建议" in sections["done"] or "done=2" in sections["done"]
    # The officer has the same page without the 待签发 section, and the same budget.
    officer = as_user(w["unit_officer"])
    officer.get(queue)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        page = officer.get(queue, {"page": 2, "done": 2}).content.decode()
    assert 'id="sign-title"' not in page
