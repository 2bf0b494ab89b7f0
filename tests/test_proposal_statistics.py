"""The statistics of the annual 提案工作报告: exact figures for a known dataset built through the
services, the page, the xlsx export and a pinned query budget."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ningju.accounts import services as account_services
from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Office, Session
from ningju.proposals import services as s
from ningju.proposals import statistics
from ningju.proposals.choices import (
    AssignmentRole,
    AssignmentStatus,
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
    ProposalSettings,
    Proposer,
    RefusalReason,
    Reply,
    ResultCategory,
)
from tests import factories

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day) + timedelta(hours=hour))


PLENARY = at("2026-01-12")
REPORT_DAY = at("2026-06-01")


# --------------------------------------------------------------------------- building blocks


def county_office(w: factories.ProposalWorld) -> User:
    """The county's 提案委 office (county_staff sits in its general office)."""
    found = User.objects.filter(username="county_pstaff").first()
    if found is None:
        found = factories.user(w.county, "county_pstaff")
        account_services.role_grant(
            acting_user=None,
            user=found,
            role=Role.OFFICE_STAFF,
            office=Office.objects.get(organisation=w.county, kind="proposal"),
        )
    w.base.users["county_pstaff"] = found
    return found


def category(org: object, parent: str, child: str | None = None) -> int:
    qs = Category.objects.filter(organisation=org, name=child or parent)
    if child:
        qs = qs.filter(parent__name=parent)
    return qs.get().pk


def draft(
    w: factories.ProposalWorld,
    username: str,
    cat: int,
    title: str = "关于加快长白山人参产业高质量发展的建议",
    **extra: object,
) -> Proposal:
    return s.draft_create(
        acting_user=w[username],
        data=s.DraftData(
            title=title,
            situation="延边人参种植面积大，但精深加工不足。",
            analysis="品牌分散，缺少龙头企业带动。",
            suggestions="一是统一区域品牌；二是建设精深加工园区。",
            category_id=cat,
            **extra,  # type: ignore[arg-type]
        ),
    )


def submitted(w: factories.ProposalWorld, username: str, cat: int, **extra: object) -> Proposal:
    proposal = draft(w, username, cat, **extra)
    s.submit(acting_user=w[username], proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def decide(w: factories.ProposalWorld, proposal: Proposal, decision: s.ReviewDecision) -> Proposal:
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    s.review(acting_user=w["pdirector"], proposal=proposal, decision=decision)
    proposal.refresh_from_db()
    return proposal


def register(w: factories.ProposalWorld, proposal: Proposal) -> Proposal:
    return decide(w, proposal, s.ReviewDecision(ReviewOutcome.REGISTER))


def result_id(w: factories.ProposalWorld, code: str) -> int:
    return ResultCategory.objects.get(organisation=w.prefecture, code=code).pk


OFFICERS = {0: ("unit_officer", "unit_signer"), 1: ("unit2_officer", "unit2_signer")}


def answer(
    w: factories.ProposalWorld,
    assignment: Assignment,
    code: str,
    *,
    contact: str = "张明",
    approve: bool = True,
) -> Reply:
    """The unit drafts, co-signers agree, the signer signs and the office approves `code`."""
    index = 0 if assignment.unit_id == w.units[0].pk else 1
    officer, signer = OFFICERS[index]
    reply = s.reply_save(
        acting_user=w[officer],
        assignment=assignment,
        data=s.ReplyData(
            body="经研究，我局已将该建议列入明年工作计划。\n一是加强统筹协调；二是加大资金投入。",
            result_category_id=result_id(w, code),
            publicity="public",
            contact_name=contact,
            contact_phone="0433-2512345",
        ),
    )
    s.reply_send(acting_user=w[officer], reply=reply)
    reply.refresh_from_db()
    for cosign in reply.cosigns.select_related("assignment"):
        co_officer = OFFICERS[0 if cosign.assignment.unit_id == w.units[0].pk else 1][0]
        s.reply_cosign(acting_user=w[co_officer], reply=reply, agreed=True, comment="")
    s.reply_sign(acting_user=w[signer], reply=reply, approve=True)
    if approve:
        s.reply_review(acting_user=w["staff"], reply=reply, approve=True)
    reply.refresh_from_db()
    return reply


def lead(w: factories.ProposalWorld, proposal: Proposal, unit: int, co: int | None = None) -> None:
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[unit].pk,
        co_unit_ids=[w.units[co].pk] if co is not None else [],
    )


@dataclass
class Known:
    w: factories.ProposalWorld
    p: dict[int, Proposal]


def known_dataset(w: factories.ProposalWorld) -> Known:
    """Ten proposals received in 2026 by the prefecture, each figure chosen by hand.

    P1 individual 产业发展 → 主办 unit0 + 会办 unit1, 面商, reply A, 满意 → 办结
    P2 joint (member + standing) 教育 → unit1 reply B; member 基本满意, standing 不满意 →
       重新办理 (round 2 open, overdue on the report day)
    P3 individual 医疗卫生 → 分办 unit0 (C, on time) and unit1 (面商; B, late) → 未反馈, closed
    P4 党派团体 营商环境 → unit0, key + 督办, overdue on the report day
    P5 individual 文化 → 并案 into P4 (its own assignment to unit0, overdue)
    P6 individual 生态 → 立案, not yet assigned
    P7 individual 产业发展 → unit1 reply A, offline 满意 → 办结, excellent
    P8 平时, refused and converted to 社情民意; P9 平时, refused; P10 returned
    Noise: a draft, a draft withdrawn before submission, a 2025 proposal, two county proposals.
    """
    org = w.prefecture
    industry = category(org, "经济建设", "产业发展")
    business = category(org, "经济建设", "营商环境")
    education = category(org, "社会建设", "教育")
    health = category(org, "社会建设", "医疗卫生")
    culture = category(org, "文化建设", "文化事业")
    ecology = category(org, "生态文明建设", "生态保护")
    economy = category(org, "经济建设")
    standing = Member.objects.get(name="朴英顺")
    reason = RefusalReason.objects.filter(organisation=org).first()
    assert reason is not None
    p: dict[int, Proposal] = {}

    with time_machine.travel(at("2025-06-01"), tick=False):
        old = submitted(w, "chair", industry, title="关于二〇二五年的建议")
        register(w, old)

    with time_machine.travel(at("2026-01-08"), tick=False):
        ProposalSettings.objects.filter(organisation=w.county).update(review_levels=1)
        county_cat = category(w.county, "经济建设", "产业发展")
        c1 = submitted(w, "county_member", county_cat)
        s.review(
            acting_user=county_office(w),
            proposal=c1,
            decision=s.ReviewDecision(ReviewOutcome.REGISTER),
        )
        submitted(w, "county_member", county_cat)

    with time_machine.travel(PLENARY, tick=False):
        p[1] = register(w, submitted(w, "member", industry, title="关于发展人参产业的建议"))
        p[2] = submitted(w, "member", education, proposer_type="joint", cosigner_ids=[standing.pk])
        s.cosign_respond(acting_user=w["standing"], proposal=p[2], accept=True)
        p[2] = register(w, p[2])
        p[3] = register(w, submitted(w, "director", health))
        p[4] = register(
            w,
            submitted(
                w, "chair", business, proposer_type="party_org", collective_name="民盟延边州委员会"
            ),
        )
        p[5] = submitted(w, "director", culture)
        p[6] = register(w, submitted(w, "member", ecology))
        p[7] = register(w, submitted(w, "standing", industry))
        p[10] = decide(
            w,
            submitted(w, "member", ecology),
            s.ReviewDecision(ReviewOutcome.RETURN, comment="请补充具体建议"),
        )
        draft(w, "pdirector", economy)
        s.withdraw(acting_user=w["pdirector"], proposal=draft(w, "pdirector", economy))

        lead(w, p[1], 0, co=1)
        lead(w, p[2], 1)
        s.assign(
            acting_user=w["staff"],
            proposal=p[3],
            mode=HandlingMode.SEPARATE,
            separate_unit_ids=[w.units[0].pk, w.units[1].pk],
        )
        lead(w, p[4], 0)
        lead(w, p[7], 1)
        p[5] = decide(w, p[5], s.ReviewDecision(ReviewOutcome.MERGE, merge_into_id=p[4].pk))

    with time_machine.travel(at("2026-01-20"), tick=False):
        s.meeting_record(
            acting_user=w["unit_officer"],
            assignment=p[1].assignments.get(role=AssignmentRole.LEAD),
            form="visit",
            held_on=date(2026, 1, 20),
            notes="走访提案人",
        )
        s.meeting_record(
            acting_user=w["unit2_officer"],
            assignment=p[3].assignments.get(unit=w.units[1]),
            form="forum",
            held_on=date(2026, 1, 20),
            notes="座谈协商",
        )
        chair = Member.objects.get(name="康芳")
        s.key_mark(acting_user=w["chair"], proposal=p[4], supervisor_id=chair.pk)
        s.supervision_add(
            acting_user=w["staff"],
            proposal=p[4],
            held_on=date(2026, 1, 20),
            form="督办协商会",
            notes="听取汇报",
        )

    with time_machine.travel(at("2026-03-01"), tick=False):
        for n in (8, 9):
            p[n] = submitted(
                w, "member" if n == 8 else "director", economy if n == 8 else education
            )
        p[8] = decide(
            w,
            p[8],
            s.ReviewDecision(
                ReviewOutcome.REFUSE,
                comment="转社情民意",
                refusal_reason_id=reason.pk,
                conversion="opinion",
            ),
        )
        p[9] = decide(
            w,
            p[9],
            s.ReviewDecision(ReviewOutcome.REFUSE, comment="内容空泛", refusal_reason_id=reason.pk),
        )
        answer(w, p[1].assignments.get(role=AssignmentRole.LEAD), "A")
        answer(w, p[2].assignments.get(), "B")
        answer(w, p[3].assignments.get(unit=w.units[0]), "C")
        answer(w, p[7].assignments.get(), "A")
        s.feedback_submit(
            acting_user=w["member"], proposal=p[1], data=s.FeedbackData("satisfied", "satisfied")
        )
        s.feedback_submit(
            acting_user=w["member"], proposal=p[2], data=s.FeedbackData("satisfied", "basically")
        )
        s.feedback_submit(
            acting_user=w["standing"],
            proposal=p[2],
            data=s.FeedbackData("basically", "unsatisfied", "措施不具体"),
        )
        s.feedback_record_offline(
            acting_user=w["staff"],
            proposal=p[7],
            member_id=standing.pk,
            data=s.FeedbackData("satisfied", "satisfied"),
        )
        s.excellent_mark(acting_user=w["chair"], proposal=p[7])

    with time_machine.travel(at("2026-05-01"), tick=False):
        answer(w, p[3].assignments.get(unit=w.units[1]), "B")

    assert s.feedback_close_overdue(today=date(2026, 6, 1)) == 1  # P3: nobody rated it
    for n in p:
        p[n].refresh_from_db()
    return Known(w=w, p=p)


@pytest.fixture
def known(pworld: factories.ProposalWorld) -> Known:
    return known_dataset(pworld)


# --------------------------------------------------------------------------- the figures


def _by_key(rows: list[statistics.Row]) -> dict[str, int]:
    return {row.key: row.count for row in rows}


@time_machine.travel(REPORT_DAY, tick=False)
def test_known_dataset_statuses(known: Known) -> None:
    p = known.p
    assert [p[n].status for n in sorted(p)] == [
        Status.COMPLETED,
        Status.REHANDLING,
        Status.COMPLETED,
        Status.HANDLING,
        Status.HANDLING,
        Status.REGISTERED,
        Status.COMPLETED,
        Status.NOT_REGISTERED,
        Status.NOT_REGISTERED,
        Status.RETURNED,
    ]


@time_machine.travel(REPORT_DAY, tick=False)
def test_every_figure_of_the_known_dataset(known: Known) -> None:
    w = known.w
    f = statistics.proposal_figures(user=w["staff"], period=statistics.StatsPeriod(year=2026))
    assert f.period_label == "2026年"
    # 收到
    assert f.received == 10
    assert _by_key(f.by_type) == {
        "individual": 8,
        "joint": 1,
        "sector_group": 0,
        "party_org": 1,
        "special_committee": 0,
    }
    assert str(f.by_type[0].share) == "80.0%"
    assert _by_key(f.by_period) == {"plenary": 8, "interim": 2}
    assert [(r.label, r.count) for r in f.by_category] == [
        ("经济建设", 4),
        ("文化建设", 1),
        ("社会建设", 3),
        ("生态文明建设", 2),
    ]
    # 立案 (含并案), 立案率, 不予立案 and conversions
    assert (f.registered, f.merged, f.merge_groups) == (7, 1, 1)
    assert f.registration_rate == statistics.Rate(7, 10)
    assert str(f.registration_rate) == "70.0%"
    assert f.not_registered == 2
    assert _by_key(f.conversions) == {"": 1, "opinion": 1, "suggestion": 0, "letter": 0}
    assert (f.returned, f.withdrawn, f.under_review) == (1, 0, 0)
    assert (f.awaiting_assignment, f.handling) == (1, 2)
    # 办复率
    assert (f.replied, f.completed, f.rehandling) == (4, 3, 1)
    assert str(f.reply_rate) == "57.1%"
    # A/B/C: one approved reply per answering assignment, latest round
    assert [(r.key, r.count, str(r.share)) for r in f.results] == [
        ("A", 2, "40.0%"),
        ("B", 2, "40.0%"),
        ("C", 1, "20.0%"),
    ]
    assert f.results_total == 5
    # 满意率 over the feedback forms returned (latest round of each proposal)
    assert f.feedback_returned == 4
    assert _by_key(f.feedback_by_result) == {"satisfied": 2, "basically": 1, "unsatisfied": 1}
    assert f.result_satisfaction == statistics.Rate(3, 4)
    assert str(f.result_satisfaction) == "75.0%"
    assert _by_key(f.feedback_by_attitude) == {"satisfied": 3, "basically": 1, "unsatisfied": 0}
    assert str(f.attitude_satisfaction) == "100.0%"
    assert (f.no_feedback, f.awaiting_feedback) == (1, 0)
    # 见面率
    assert (f.meetings, f.answering_assignments) == (2, 8)
    assert str(f.meeting_rate) == "25.0%"
    # 委员提案参与率: 5 active members, 王静慧 only drafted
    assert (f.members_proposing, f.members_total) == (4, 5)
    assert str(f.participation_rate) == "80.0%"
    # per-unit timeliness on 2026-06-01
    units = {u.name: u for u in f.units}
    education_bureau = units[w.units[0].name]
    health_commission = units[w.units[1].name]
    assert (
        education_bureau.assignments,
        education_bureau.on_time,
        education_bureau.late,
        education_bureau.overdue_open,
        education_bureau.open_in_time,
        education_bureau.co_handling,
        education_bureau.meetings,
        education_bureau.average_days,
    ) == (4, 2, 0, 2, 0, 0, 1, 48.0)
    assert (
        health_commission.assignments,
        health_commission.on_time,
        health_commission.late,
        health_commission.overdue_open,
        health_commission.open_in_time,
        health_commission.co_handling,
        health_commission.meetings,
        health_commission.average_days,
    ) == (4, 2, 1, 1, 0, 1, 1, 68.3)
    assert f.unit_count == 2
    # key, 督办, excellent
    assert (f.key, f.supervised, f.excellent) == (1, 1, 1)
    # the committees below: counts only
    assert [(c.name, c.received, c.registered, c.replied) for c in f.counties] == [
        ("延吉市政协", 2, 1, 0)
    ]


@time_machine.travel(REPORT_DAY, tick=False)
def test_session_period_and_other_years(known: Known) -> None:
    w = known.w
    session = Session.objects.get(term__organisation=w.prefecture)
    by_session = statistics.proposal_figures(
        user=w["staff"], period=statistics.StatsPeriod(session_id=session.pk)
    )
    # The 2025 proposal was filed (平时) under the only session.
    assert by_session.period_label == "十四届五次会议"
    assert by_session.received == 11
    assert _by_key(by_session.by_period) == {"plenary": 8, "interim": 3}
    assert by_session.counties[0].received == 2  # the county's session of the same year
    earlier = statistics.proposal_figures(user=w["staff"], period=statistics.StatsPeriod(year=2025))
    assert (earlier.received, earlier.registered) == (1, 1)
    assert earlier.counties[0].received == 0
    assert [o.label for o in earlier.sessions] == ["十四届五次会议"]


@time_machine.travel(REPORT_DAY, tick=False)
def test_a_county_sees_its_own_figures_and_nothing_above(known: Known) -> None:
    f = statistics.proposal_figures(
        user=known.w["county_pstaff"], period=statistics.StatsPeriod(year=2026)
    )
    assert (f.received, f.registered, f.counties) == (2, 1, [])


def test_a_session_of_another_committee_is_not_found(pworld: factories.ProposalWorld) -> None:
    from ningju.core.errors import NotFoundOrForbidden

    county_session = Session.objects.get(term__organisation=pworld.county)
    with pytest.raises(NotFoundOrForbidden):
        statistics.proposal_figures(
            user=pworld["staff"], period=statistics.StatsPeriod(session_id=county_session.pk)
        )


def test_empty_committee_has_no_rates() -> None:
    assert str(statistics.Rate(0, 0)) == "—"
    assert statistics.Rate(1, 3).percent == 33.3


def test_chinese_numbers() -> None:
    assert [statistics.chinese_number(n) for n in (1, 10, 14, 20, 21, 100, 105, 115)] == [
        "一",
        "十",
        "十四",
        "二十",
        "二十一",
        "一百",
        "一百零五",
        "一百一十五",
    ]


def test_parse_period() -> None:
    assert statistics.parse_period({"session": "7", "year": "2020"}).session_id == 7
    assert statistics.parse_period({"year": "2024"}).year == 2024
    assert statistics.parse_period({"year": "x"}).year == timezone.localdate().year
    assert statistics.parse_period({"year": "1900"}).year == timezone.localdate().year


# --------------------------------------------------------------------------- the page and the xlsx


@time_machine.travel(REPORT_DAY, tick=False)
def test_the_page_shows_the_known_figures(known: Known, client: Client) -> None:
    client.force_login(known.w["staff"])
    response = client.get("/proposals/statistics/?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(html.split())
    for expected in (
        "收到提案 10 件",
        "经审查，立案 7 件（含并案 1 件）",
        "70.0%",
        "立案 7 ÷ 收到 10",
        "1 组，并入原提案 1 件",
        "不予立案 2 件及转办情况",
        "已办复 4 件",
        "57.1%",
        "已办复 4 ÷ 立案 7",
        "办理结果满意率 75.0%：满意和基本满意 3 份 ÷ 收回评价表 4 份",
        "办理态度满意率 100.0%（4/4）",
        "未反馈 1 件",
        "见面率 25.0%：记录了面商的 2 件 ÷ 主办、分办交办 8 件",
        "80.0%：本期提出提案（已提交且确认为提案人）的委员 4 人 ÷ 本届在任委员 5 人",
        "承办单位办理时效（2 个单位）",
        "68.3",
        "延吉市政协",
        "1 件（有督办记录 1 件）",
    ):
        assert expected in text, expected
    # The A/B/C table and the charts' data island (json_script, not executable).
    assert '<th scope="row">A类</th>' in html
    assert '<script id="proposal-chart-data" type="application/json">' in html
    assert 'data-chart="results"' in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "/static/ningju/js/charts.js" in html
    # Compilation link for the year's session.
    session = Session.objects.get(term__organisation=known.w.prefecture)
    assert f"/proposals/compilation.docx?session={session.pk}" in html


@time_machine.travel(REPORT_DAY, tick=False)
def test_the_xlsx_holds_the_same_figures(known: Known, client: Client) -> None:
    client.force_login(known.w["staff"])
    response = client.get("/proposals/statistics.xlsx?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "总体情况",
        "收到情况",
        "办理结果",
        "委员评价",
        "承办单位",
        "下级政协",
    ]
    overview = workbook["总体情况"]
    assert "延边州政协2026年提案工作统计" in overview["A1"].value
    assert "生成人：staff（staff）" in overview["A2"].value
    assert "生成时间：2026-06-01" in overview["A2"].value
    assert [c.value for c in overview[3]] == ["指标", "数值", "比率", "口径"]
    values = {row[0]: (row[1], row[2]) for row in overview.iter_rows(min_row=4, values_only=True)}
    assert values["收到提案"] == (10, None)
    assert values["立案"] == (7, 0.7)
    assert values["已办复"][0] == 4
    assert values["办理结果满意"] == (3, 0.75)
    assert values["面商"] == (2, 0.25)
    assert values["提出提案的委员"] == (4, 0.8)
    results = {
        row[0]: row[2] for row in workbook["办理结果"].iter_rows(min_row=4, values_only=True)
    }
    assert results == {"A类": 2, "B类": 2, "C类": 1, "合计": 5}
    units = {row[0]: row[1:] for row in workbook["承办单位"].iter_rows(min_row=4, values_only=True)}
    assert units[known.w.units[1].name] == (4, 2, 1, 1, 0, 1, 1, 68.3)
    counties = list(workbook["下级政协"].iter_rows(min_row=4, values_only=True))
    assert counties == [("延吉市政协", 2, 1, 0, 0, 0)]
    from ningju.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="proposal.statistics_export").exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("staff", 200),
        ("chair", 200),
        ("pdirector", 200),
        ("county_pstaff", 200),
        ("member", 403),
        ("director", 403),
        ("unit_officer", 403),
        ("auditor", 403),
        ("public", 403),
    ],
)
def test_who_may_see_statistics(
    pworld: factories.ProposalWorld, client: Client, username: str, status: int
) -> None:
    county_office(pworld)
    client.force_login(pworld[username])
    assert client.get("/proposals/statistics/").status_code == status
    assert client.get("/proposals/statistics.xlsx").status_code == status
    session = Session.objects.get(term__organisation=pworld[username].organisation)
    assert client.get(f"/proposals/compilation.docx?session={session.pk}").status_code == status


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/proposals/statistics/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_committees_session_is_404(pworld: factories.ProposalWorld, client: Client) -> None:
    client.force_login(pworld["staff"])
    county_session = Session.objects.get(term__organisation=pworld.county)
    assert client.get(f"/proposals/statistics/?session={county_session.pk}").status_code == 404
    assert client.get(f"/proposals/compilation.docx?session={county_session.pk}").status_code == 404
    assert client.get("/proposals/compilation.docx").status_code == 404
    assert client.get("/proposals/statistics/?year=abc").status_code == 200


# --------------------------------------------------------------------------- the query budget

QUERY_BUDGET = 12


def _queries(client: Client, url: str) -> int:
    """Queries of one page view in steady state. A warm-up request first: the first request
    after signing in (and then at most once a minute) also writes the idle-timeout stamp to
    the session, which is the shell's cost, not the page's."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@time_machine.travel(REPORT_DAY, tick=False)
def test_the_dashboard_query_count_does_not_grow(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    """At most 12 queries per page whatever the size: 5 proposals, then 160 more."""
    from benchmarks.proposals_dashboard_bench import populate

    w = pworld
    members = list(Member.objects.filter(organisation=w.prefecture))
    common = {"session": w.session, "units": w.units, "members": members, "created_by": w["member"]}
    populate(organisation=w.prefecture, count=5, **common)
    county_session = Session.objects.get(term__organisation=w.county)
    populate(
        organisation=w.county,
        session=county_session,
        units=list(HandlingUnit.objects.filter(organisation=w.county)),
        members=list(Member.objects.filter(organisation=w.county)),
        created_by=w["county_member"],
        count=3,
        seed=3,
    )
    county_office(w)
    counts: dict[str, list[int]] = {}
    for username in ("staff", "chair", "county_pstaff"):
        client.force_login(w[username])
        counts[username] = [_queries(client, "/proposals/statistics/?year=2026")]
    populate(organisation=w.prefecture, count=160, seed=7, first_number=100, **common)
    assert Proposal.objects.filter(organisation=w.prefecture).count() >= 165
    assert Assignment.objects.count() > 100
    assert Reply.objects.count() > 50
    assert Feedback.objects.count() > 30
    assert Proposer.objects.count() > 165
    for username in ("staff", "chair", "county_pstaff"):
        client.force_login(w[username])
        counts[username].append(_queries(client, "/proposals/statistics/?year=2026"))
        session = Session.objects.get(term__organisation=w[username].organisation)
        counts[username].append(_queries(client, f"/proposals/statistics/?session={session.pk}"))
    for username, seen in counts.items():
        assert len(set(seen)) == 1, (username, seen)
        assert seen[0] <= QUERY_BUDGET, (username, seen)
    figures = statistics.proposal_figures(user=w["staff"], period=statistics.StatsPeriod(year=2026))
    assert figures.received == 165
    # populate() approves replies in one round only, so every approved answering reply counts.
    assert (
        figures.results_total
        == Reply.objects.filter(
            status=ReplyStatus.APPROVED,
            assignment__proposal__organisation=w.prefecture,
            assignment__role__in=[AssignmentRole.LEAD, AssignmentRole.SEPARATE],
        ).count()
    )
    assert figures.units
    assert all(u.assignments >= u.on_time + u.late for u in figures.units)
    assert Assignment.objects.filter(status=AssignmentStatus.HANDLING).exists()
