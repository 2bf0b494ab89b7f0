"""Review and assignment in a real browser: the office's 初审, the director's 立案, 交办 to
two units and the handling desk, each page checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.proposals import services
from ningju.proposals.choices import AssignmentRole, Status
from ningju.proposals.models import Assignment, Category, Proposal
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于加快延吉西市场周边停车设施建设的建议"


def _submitted(w: factories.ProposalWorld) -> Proposal:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    proposal = services.draft_create(
        acting_user=w["member"],
        data=services.DraftData(
            title=TITLE,
            situation="西市场周边停车位不足，早晚高峰道路拥堵。",
            analysis="现有停车场分散，缺少统一规划和智能引导。",
            suggestions="一是新建立体停车楼；二是推广错时共享停车；三是建设停车诱导系统。",
            category_id=category.pk if category else None,
            suggested_unit_ids=[u.pk for u in w.units],
        ),
    )
    services.submit(acting_user=w["member"], proposal=proposal)
    return proposal


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_office_reviews_director_registers_and_staff_assigns(page: Page) -> None:
    w = factories.proposal_world()
    proposal = _submitted(w)

    # 初审 by the proposal office: pass it up.
    _switch(page, "staff")
    page.goto("/proposals/review/")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_accessible(page)
    _fits_a_phone(page)
    page.get_by_role("link", name=f"审查：{TITLE}").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.get_by_label("立案", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("通过，提交上一级审查").check()
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator(".messages")).to_contain_text("已通过初审，提交复审")

    # 复审 by the director: refusing without a reason is stopped next to the field,
    # then the proposal is registered and gets number 1.
    _switch(page, "pdirector")
    page.goto("/proposals/review/")
    page.get_by_role("link", name=f"审查：{TITLE}").click()
    expect(page.get_by_label("不予立案", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("不予立案", exact=True).check()
    expect(page.locator("#id_refusal_reason")).to_be_visible()
    expect(page.locator("#merge-q")).to_be_hidden()
    screenshot(page, "proposal-review")
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator("#id_refusal_reason_error")).to_contain_text("请选择不予立案的理由")
    expect(page.locator("#id_comment_error")).to_contain_text("请写明理由")
    assert_accessible(page)
    _fits_a_phone(page)
    page.get_by_label("立案", exact=True).check()
    expect(page.locator("#id_refusal_reason")).to_be_hidden()
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator(".messages")).to_contain_text("编为第1号提案")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (Status.REGISTERED, 1)

    # 交办 by the office: the proposer's two suggested units come pre-ticked.
    _switch(page, "staff")
    page.goto(f"/proposals/{proposal.pk}/")
    expect(page.locator("main")).to_contain_text("第1号提案")
    page.get_by_role("link", name="交办").click()
    expect(page.locator("h1")).to_contain_text("交办")
    assert_accessible(page)
    _fits_a_phone(page)
    expect(page.locator("#id_lead_unit")).to_have_value(str(w.units[0].pk))
    co_unit = page.locator(f"input[name=co_units][value='{w.units[1].pk}']")
    expect(co_unit).to_be_checked()
    page.get_by_label("分别办理", exact=True).check()
    expect(page.locator("#id_lead_unit")).to_be_hidden()
    page.get_by_label("主办会办", exact=True).check()
    expect(page.locator("#id_lead_unit")).to_be_visible()
    page.get_by_role("button", name="确认交办").click()
    expect(page.locator(".messages")).to_contain_text("已交办给")
    roles = dict(Assignment.objects.filter(proposal=proposal).values_list("unit_id", "role"))
    assert roles == {w.units[0].pk: AssignmentRole.LEAD, w.units[1].pk: AssignmentRole.CO}

    # The lead unit objects; the office sees it on the handling desk.
    lead = Assignment.objects.get(proposal=proposal, role=AssignmentRole.LEAD)
    services.objection_raise(
        acting_user=w["unit_officer"], assignment=lead, reason="停车设施建设由住建部门负责"
    )
    page.goto("/proposals/handling/")
    expect(page.locator("#objections-title")).to_be_visible()
    expect(page.locator("main")).to_contain_text("停车设施建设由住建部门负责")
    assert_accessible(page)
    _fits_a_phone(page)
