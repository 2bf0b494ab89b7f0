"""A handling unit answers a proposal in a real browser: queue, 办前面商, reply, 会签, 签发."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ningju.proposals import services as s
from ningju.proposals.choices import HandlingMode, ReplyStatus, ReviewOutcome
from ningju.proposals.models import Category, Proposal, Reply
from tests import factories
from tests.browser.conftest import PHONE, assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于加快长白山人参产业高质量发展的建议"
BODY = (
    "经研究，我局已将人参产业列入明年工作计划：一是会同州市场监管局统一区域品牌；"
    "二是在敦化市规划建设精深加工园区，年内完成选址。"
)


def _assigned(w: factories.ProposalWorld) -> Proposal:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    proposal = s.draft_create(
        acting_user=w["member"],
        data=s.DraftData(
            title=TITLE,
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
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
        co_unit_ids=[w.units[1].pk],
    )
    return proposal


def _switch_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)
    page.goto("/proposals/unit/")


def test_unit_meets_the_proposer_replies_cosigns_and_signs(page: Page) -> None:
    w = factories.proposal_world()
    _assigned(w)

    # The lead unit's officer finds the proposal in the queue.
    login(page, "unit_officer", factories.PASSWORD)
    page.goto("/proposals/unit/")
    expect(page.locator("#open-title")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("金哲洙")
    assert_accessible(page)

    # 办前面商.
    page.get_by_role("link", name="记录办前面商").click()
    page.select_option("#id_form", "visit")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_notes", "到提案人单位走访，听取了对品牌建设的意见。")
    page.get_by_role("button", name="保存面商记录").click()
    expect(page.locator(".messages")).to_contain_text("已记录办前面商情况")
    expect(page.locator("main")).to_contain_text("走访面商")

    # The assignment page on a phone: nothing overflows, the targets stay large.
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    screenshot(page, "unit-assignment")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The reply letter: a short body is refused next to the field, the text kept.
    page.get_by_role("link", name="起草答复").click()
    assert_accessible(page)
    page.fill("#id_body", "已收到。")
    page.get_by_label("正在解决或列入计划逐步解决").check()
    page.get_by_role("button", name="保存并送出").click()
    expect(page.locator(".field.has-error")).to_contain_text("答复内容过短")
    expect(page.locator("#id_body")).to_have_value("已收到。")
    page.fill("#id_body", BODY)
    page.get_by_role("button", name="保存并送出").click()
    expect(page.locator(".messages")).to_contain_text("会签")
    letter = Reply.objects.get()
    assert letter.status == ReplyStatus.COSIGNING

    # The co-handling unit co-signs.
    _switch_user(page, "unit2_officer")
    expect(page.locator("main")).to_contain_text(TITLE)
    page.locator(f'a[href="/proposals/replies/{letter.pk}/cosign/"]').click()
    expect(page.locator(".letter")).to_contain_text("年内完成选址")
    assert_accessible(page)
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="提交会签意见").click()
    expect(page.locator(".messages")).to_contain_text("已会签同意")

    # The lead unit's signer signs.
    _switch_user(page, "unit_signer")
    page.locator(f'a[href="/proposals/replies/{letter.pk}/sign/"]').click()
    expect(page.locator("main")).to_contain_text("延边州卫生健康委员会")
    assert_accessible(page)
    page.get_by_label("同意签发").check()
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".messages")).to_contain_text("已签发")
    letter.refresh_from_db()
    assert letter.status == ReplyStatus.SUBMITTED
