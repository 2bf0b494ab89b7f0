"""The whole proposal chain through the real pages, one person at a time.

A joint proposal is written, co-signed, reviewed at two levels and registered, assigned to
a lead and a co-handling unit, answered (会签, 签发, office review), rated — one proposer is
not satisfied, so the units answer again and both rate once more until it is 已办结. Along
the way a second proposal is merged into it and a third is refused with a reason and turned
into 社情民意信息. Services only build the world and the two other proposals' drafts.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ningju.proposals import services as s
from ningju.proposals.choices import AssignmentRole, ReplyStatus, Status
from ningju.proposals.models import Assignment, Category, Feedback, Proposal, Reply
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于推进图们江区域人参精深加工园区建设的建议"
SITUATION = "延边人参种植面积大，但精深加工不足，产品附加值低，品牌分散。"
ANALYSIS = "缺少龙头企业带动，加工园区规划滞后，检测认证能力不足。"
SUGGESTIONS = "一是统一区域公用品牌；二是在敦化市规划建设精深加工园区；三是培育龙头企业。"
MERGED_TITLE = "关于打造长白山人参区域公用品牌的建议"
REFUSED_TITLE = "关于为我单位职工解决子女入学问题的建议"
REFUSAL_REASON = "为本人或亲属解决个人问题的"
REFUSAL_COMMENT = "属于个人问题，已转社情民意信息反映给有关部门。"
UNSATISFIED = "答复只有计划没有时间表，请写明园区选址和建设进度。"
REPLY_1 = (
    "经研究，我局已将人参精深加工列入明年工作计划：一是会同州卫健委统一区域公用品牌标准；"
    "二是在敦化市规划建设精深加工园区，年内完成前期论证。"
)
REPLY_2 = (
    "根据委员意见重新办理：园区已于本月完成选址（敦化市经济开发区东区），"
    "一期工程明年五月开工、年底投产；区域公用品牌标准已由州卫健委会签发布。"
)


# --------------------------------------------------------------------------- helpers


def _as(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _status(page: Page) -> Locator:
    """The status badge on the proposal's detail page."""
    return page.locator(".page-head .badge").first


def _message(page: Page) -> Locator:
    return page.locator(".messages")


def _section(page: Page, heading_id: str) -> Locator:
    return page.locator(f"section[aria-labelledby={heading_id}]")


def _setup_submitted(
    w: factories.ProposalWorld, title: str, situation: str, suggestions: str
) -> Proposal:
    """The other proposals are only set up through services: drafted and submitted."""
    category = Category.objects.filter(organisation=w.prefecture, name="产业发展").first()
    proposal = s.draft_create(
        acting_user=w["member"],
        data=s.DraftData(
            title=title,
            situation=situation,
            analysis="",
            suggestions=suggestions,
            category_id=category.pk if category else None,
        ),
    )
    return s.submit(acting_user=w["member"], proposal=proposal)


def _handle_round(page: Page, pk: int, *, body: str, category_label: str, check: bool) -> None:
    """One handling round of 主办会办: the lead unit replies, the co-unit 会签, the lead's
    signer 签发, and the office approves the letter on reply_review (choosing the category
    shown in `category_label`)."""
    # The lead unit's officer drafts the reply and sends it for 会签.
    _as(page, "unit_officer")
    page.goto("/proposals/unit/")
    _section(page, "open-title").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    page.get_by_role("link", name="起草答复").click()
    expect(page.locator("h1")).to_have_text("答复函")
    if check:
        assert_accessible(page)
    page.fill("#id_body", body)
    page.get_by_label("正在解决或列入计划逐步解决").check()
    page.get_by_role("button", name="保存并送出").click()
    expect(_message(page)).to_contain_text("答复已送会办单位会签")
    letter = Reply.objects.filter(assignment__proposal_id=pk).latest("id")
    assert letter.status == ReplyStatus.COSIGNING

    # The co-handling unit agrees (会签).
    _as(page, "unit2_officer")
    page.goto("/proposals/unit/")
    _section(page, "cosign-title").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text("会签答复")
    expect(page.locator("main")).to_contain_text(body[:20])
    if check:
        assert_accessible(page)
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="提交会签意见").click()
    expect(_message(page)).to_contain_text("已会签同意")

    # The lead unit's signing leader signs (签发).
    _as(page, "unit_signer")
    page.goto("/proposals/unit/")
    _section(page, "sign-title").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text("签发答复")
    expect(page.locator("main")).to_contain_text("延边州卫生健康委员会")
    if check:
        assert_accessible(page)
    page.get_by_label("同意签发").check()
    page.get_by_role("button", name="提交").click()
    expect(_message(page)).to_contain_text("已签发")

    # The office reviews the signed letter from its handling desk and approves it.
    _as(page, "staff")
    page.goto("/proposals/handling/")
    _section(page, "replies-title").locator("a", has_text=TITLE).click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator(".letter")).to_contain_text(body[:20])
    expect(_section(page, "cosign-title")).to_contain_text("延边州卫生健康委员会 · 同意")
    if check:
        assert_accessible(page)
    page.get_by_label("审核通过，送提案人").check()
    page.select_option("#id_result_category", label=category_label)
    page.get_by_role("button", name="提交审核结果").click()
    expect(_message(page)).to_contain_text("答复已审核通过")
    page.goto(f"/proposals/{pk}/")
    expect(_status(page)).to_have_text("已答复，待评价")


def _rate(page: Page, pk: int, username: str, *, result: int, comment: str = "") -> None:
    """A proposer rates this round on the rate page: 0 满意, 1 基本满意, 2 不满意."""
    _as(page, username)
    page.goto(f"/proposals/{pk}/")
    page.get_by_role("link", name="评价办理情况").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(_section(page, "replies-title")).to_contain_text("延边州政协教育局")
    page.locator("label[for=id_attitude_0]").click()
    page.locator(f"label[for=id_result_{result}]").click()
    if comment:
        page.fill("#id_comment", comment)
    page.get_by_role("button", name="提交评价").click()
    expect(_message(page)).to_contain_text("感谢您的评价")


# --------------------------------------------------------------------------- the chain


def test_one_joint_proposal_through_the_whole_chain(page: Page) -> None:
    w = factories.proposal_world()
    lead_unit, co_unit = w.units
    merged = _setup_submitted(
        w,
        MERGED_TITLE,
        "长白山人参品牌多而散，市场认知度不高。",
        "建议整合各县市人参品牌，打造统一的区域公用品牌。",
    )
    refused = _setup_submitted(
        w,
        REFUSED_TITLE,
        "我单位多名职工子女今年入学遇到困难。",
        "建议教育部门为我单位职工子女统一安排入学。",
    )

    # 1. The member writes a joint proposal, invites 朴英顺 and submits it.
    _as(page, "member")
    page.goto("/proposals/new/")
    expect(page.locator("h1")).to_have_text("写提案")
    page.get_by_text("联名提案", exact=True).click()
    page.fill("#cosigner-q", "朴")
    page.locator("#cosigner-results label", has_text="朴英顺").click()
    expect(page.locator("#cosigner-chips .chip", has_text="朴英顺")).to_be_visible()
    page.fill("#id_title", TITLE)
    page.fill("#id_situation", SITUATION)
    page.fill("#id_analysis", ANALYSIS)
    page.fill("#id_suggestions", SUGGESTIONS)
    page.select_option("#id_category", label="产业发展")
    # The first autosave creates the draft and moves the address to its edit page; submit
    # from there (a submit racing the very first autosave is a known rough edge).
    expect(page).to_have_url(re.compile(r"/proposals/\d+/edit/$"), timeout=20_000)
    page.get_by_role("button", name="提交提案").click()
    expect(_message(page)).to_contain_text("已发出联名邀请")
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    pk = int(re.findall(r"/proposals/(\d+)/$", page.url)[0])
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(_status(page)).to_have_text("待联名确认")
    expect(_section(page, "proposers-title")).to_contain_text("朴英顺 · 联名提案人 · 待确认")

    # 2. The invited member confirms on the co-sign page.
    _as(page, "standing")
    page.goto(f"/proposals/{pk}/cosign/")
    expect(page.locator("main")).to_contain_text("金哲洙委员邀请您联名提出这件提案")
    page.get_by_role("button", name="确认联名").click()
    expect(_message(page)).to_contain_text("您已确认联名")
    expect(_status(page)).to_have_text("已提交，待审查")
    expect(_section(page, "proposers-title")).to_contain_text("朴英顺 · 联名提案人 · 已确认")

    # 3a. 初审 by the office: all three proposals are passed up to 复审.
    _as(page, "staff")
    for title in (TITLE, MERGED_TITLE, REFUSED_TITLE):
        page.goto("/proposals/review/")
        page.get_by_role("link", name=f"审查：{title}").click()
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("main")).to_contain_text("第1级审查（初审）")
        if title == TITLE:
            assert_accessible(page)
        page.get_by_label("通过，提交上一级审查").check()
        page.get_by_role("button", name="提交审查决定").click()
        expect(_message(page)).to_contain_text("已通过初审，提交复审")

    # 3b. 复审 by the 提案委 director: 立案 → 第1号.
    _as(page, "pdirector")
    page.goto("/proposals/review/")
    page.get_by_role("link", name=f"审查：{TITLE}").click()
    expect(page.locator("main")).to_contain_text("本级为最后一级，决定是否立案")
    expect(page.locator("main")).to_contain_text("通过，提交上一级审查")  # the 初审 step
    assert_accessible(page)
    page.get_by_label("立案", exact=True).check()
    page.get_by_role("button", name="提交审查决定").click()
    expect(_message(page)).to_contain_text("已立案，编为第1号提案")

    # 8a. The second proposal is merged into the first (final level, merge option).
    page.get_by_role("link", name=f"审查：{MERGED_TITLE}").click()
    page.get_by_label("并案", exact=True).check()
    expect(page.locator("#merge-q")).to_be_visible()
    page.fill("#merge-q", "人参精深加工")
    candidate = page.locator("#merge-candidates label", has_text=TITLE)
    expect(candidate).to_contain_text("第1号")
    candidate.click()
    expect(page.locator(f"#merge-{pk}")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="提交审查决定").click()
    expect(_message(page)).to_contain_text(f"《{MERGED_TITLE}》已并入《{TITLE}》")

    # 8b. The third is refused with a reason from the list and converted to 社情民意.
    page.get_by_role("link", name=f"审查：{REFUSED_TITLE}").click()
    page.get_by_label("不予立案", exact=True).check()
    expect(page.locator("#id_refusal_reason")).to_be_visible()
    page.select_option("#id_refusal_reason", label=REFUSAL_REASON)
    page.select_option("#id_conversion", label="转社情民意信息")
    page.fill("#id_comment", REFUSAL_COMMENT)
    assert_accessible(page)
    page.get_by_role("button", name="提交审查决定").click()
    expect(_message(page)).to_contain_text(f"《{REFUSED_TITLE}》不予立案")

    page.goto(f"/proposals/{pk}/")
    expect(_status(page)).to_have_text("已立案，待交办")
    expect(page.locator(".page-head")).to_contain_text("第1号提案")
    expect(_section(page, "merged-title")).to_contain_text(MERGED_TITLE)
    screenshot(page, "chain-registered")

    # The proposer is told: the 通知 page lists the registration; the merged and the
    # refused proposal show their outcome on their detail pages.
    _as(page, "member")
    page.locator("nav.main-nav").get_by_role("link", name=re.compile("^通知")).click()
    expect(page.locator("h1")).to_have_text("我的通知")
    registration = page.locator(".notification", has_text="提案已立案")
    expect(registration).to_contain_text(f"您的提案《{TITLE}》已立案，提案号第1号。")
    expect(page.locator(".notification", has_text="提案已并案办理")).to_contain_text(MERGED_TITLE)
    expect(page.locator(".notification", has_text="提案未予立案")).to_contain_text(REFUSED_TITLE)
    registration.get_by_role("link").click()
    page.wait_for_url(f"**/proposals/{pk}/")
    expect(_status(page)).to_have_text("已立案，待交办")

    page.goto(f"/proposals/{merged.pk}/")
    expect(_status(page)).to_have_text("已并案")
    outcome = _section(page, "outcome-title")
    expect(outcome).to_contain_text("并入提案")
    expect(outcome.get_by_role("link", name=TITLE)).to_have_attribute("href", f"/proposals/{pk}/")

    page.goto(f"/proposals/{refused.pk}/")
    expect(_status(page)).to_have_text("不予立案")
    outcome = _section(page, "outcome-title")
    expect(outcome).to_contain_text(f"不予立案：{REFUSAL_REASON}")
    expect(outcome).to_contain_text(REFUSAL_COMMENT)
    expect(outcome).to_contain_text("转办方式：转社情民意信息")
    assert_accessible(page)

    # 4. 交办: 主办 units[0], 会办 units[1].
    _as(page, "staff")
    page.goto(f"/proposals/{pk}/")
    page.get_by_role("link", name="交办", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"交办：{TITLE}")
    expect(page.locator("main")).to_contain_text("并入本案的 1 件提案随本案一起交办")
    assert_accessible(page)
    page.get_by_label("主办会办", exact=True).check()
    page.select_option("#id_lead_unit", str(lead_unit.pk))
    page.locator(f"input[name=co_units][value='{co_unit.pk}']").check()
    page.get_by_role("button", name="确认交办").click()
    expect(_message(page)).to_contain_text(f"已交办给 {lead_unit.name}、{co_unit.name}")
    expect(_status(page)).to_have_text("办理中")
    handling = _section(page, "handling-title")
    expect(handling).to_contain_text(f"{lead_unit.name} · 主办")
    expect(handling).to_contain_text(f"{co_unit.name} · 会办")
    roles = dict(Assignment.objects.filter(proposal_id=pk, round=1).values_list("unit_id", "role"))
    assert roles == {lead_unit.pk: AssignmentRole.LEAD, co_unit.pk: AssignmentRole.CO}

    # 5. Round 1: reply (B), 会签, 签发, office approval keeping B.
    _handle_round(page, pk, body=REPLY_1, category_label="B 正在解决或列入计划逐步解决", check=True)

    # 6. Both proposers rate: 满意/满意, then 不满意 with a reason → 重新办理中.
    _rate(page, pk, "member", result=0)
    expect(_status(page)).to_have_text("已答复，待评价")
    _as(page, "standing")
    page.goto(f"/proposals/{pk}/rate/")
    expect(page.locator(".reply-body")).to_contain_text(REPLY_1[:20])
    assert_accessible(page)
    page.locator("label[for=id_attitude_1]").click()
    page.locator("label[for=id_result_2]").click()
    page.fill("#id_comment", UNSATISFIED)
    page.get_by_role("button", name="提交评价").click()
    expect(_message(page)).to_contain_text("提案已退回承办单位重新办理")
    expect(_status(page)).to_have_text("重新办理中")
    expect(_section(page, "feedback-title")).to_contain_text(UNSATISFIED)
    assert Proposal.objects.get(pk=pk).handling_round == 2

    # 7. Round 2 the same way; the office changes the category to A; both are satisfied.
    _handle_round(
        page, pk, body=REPLY_2, category_label="A 所提问题已经解决或基本解决", check=False
    )
    _rate(page, pk, "member", result=0)
    expect(_status(page)).to_have_text("已答复，待评价")
    _rate(page, pk, "standing", result=0)
    expect(_status(page)).to_have_text("已办结")
    handling = _section(page, "handling-title")
    expect(handling).to_contain_text("第2轮")
    expect(handling).to_contain_text("A 所提问题已经解决或基本解决 · 审核通过")
    feedback = _section(page, "feedback-title")
    expect(feedback).to_contain_text("朴英顺 · 第1轮 · 态度基本满意 · 结果不满意")
    expect(feedback).to_contain_text("朴英顺 · 第2轮 · 态度满意 · 结果满意")
    expect(feedback).to_contain_text("金哲洙 · 第2轮 · 态度满意 · 结果满意")
    screenshot(page, "chain-completed")

    final = Proposal.objects.get(pk=pk)
    assert (final.status, final.number, final.handling_round) == (Status.COMPLETED, 1, 2)
    assert Feedback.objects.filter(proposal=final).count() == 4
    merged.refresh_from_db()
    refused.refresh_from_db()
    assert merged.merged_into_id == pk
    assert refused.status == Status.NOT_REGISTERED
    assert refused.conversion == "opinion"
