"""社情民意 in a real browser: the member writes and submits, the office edits it into a
journal issue, publishes it, records adoption by 省政协 with a 批示, and the member sees the
feedback. Each page is checked with axe-core and at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于延吉市公交站台冬季候车条件差的情况和建议"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _fits_a_phone(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, name)


def test_member_to_journal_to_adoption_and_back(page: Page) -> None:
    factories.world()

    # The member writes; an empty submit names the missing parts; then it goes.
    _switch(page, "member")
    page.goto("/opinions/mine/")
    page.locator("#opinion-new").click()
    page.fill("#id_title", TITLE)
    page.click("#opinion-submit")
    expect(page.locator(".error-summary")).to_contain_text("请写明情况")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.fill("#id_situation", "延吉市区部分公交站台没有挡风设施，冬季早晚气温在零下二十度以下。")
    page.fill("#id_analysis", "站台建设标准低，改造资金没有列入计划。")
    page.fill("#id_suggestion", "建议分批改造客流大的站台，加装挡风玻璃和电子站牌。")
    expect(page.locator("#body-counter [data-count]")).not_to_have_text("0")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-edit")
    page.click("#opinion-submit")
    expect(page.locator("#opinion-status")).to_have_text("已提交，待筛选")
    opinion_url = page.url

    # The office: queue → edit → compile into a new issue → publish.
    _switch(page, "staff")
    page.goto("/opinions/queue/")
    expect(page.locator("#queue-list")).to_contain_text(TITLE)
    assert_accessible(page)
    _fits_a_phone(page, "opinions-queue")
    page.get_by_role("link", name=f"处理：{TITLE}").click()
    page.click("#action-edit")
    expect(page.locator("#original-version")).to_contain_text("挡风设施")
    page.fill("#id_edited_title", "延吉市公交站台亟需加装挡风设施")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-process")
    page.click("#action-submit")
    expect(page.locator("#opinion-status")).to_have_text("已编辑，待编入期刊")
    page.click("#action-compile")
    page.select_option("#id_issue", "new")
    page.click("#action-submit")
    expect(page.locator("#feedback-issue")).to_contain_text("第1期")
    page.locator("#feedback-issue a, #feedback-issue").first.wait_for()
    page.goto("/opinions/issues/")
    assert_accessible(page)
    page.get_by_role("link", name="第1期").first.click()
    page.click("#issue-publish")
    expect(page.locator("#issue-status")).to_have_text("已印发")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-issue")
    with page.expect_download() as download:
        page.click("#issue-docx")
    assert download.value.suggested_filename.endswith(".docx")

    # 报送 to 省政协, adoption by 省政协 and a 批示.
    page.goto(opinion_url)
    page.click("#action-report")
    page.get_by_label("省政协", exact=True).check()
    page.click("#action-submit")
    page.click("#action-adopt")
    page.select_option("#id_level", "provincial_cppcc")
    page.fill("#id_body", "省政协办公厅")
    assert_accessible(page)
    page.click("#action-submit")
    page.click("#action-instruct")
    page.select_option("#id_leader_level", "provincial")
    page.fill("#id_text", "请省住建厅结合城市更新研究。")
    page.click("#action-submit")
    expect(page.locator("#opinion-status")).to_have_text("已被采用")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-detail-office")

    # The member sees the feedback.
    _switch(page, "member")
    page.goto("/opinions/mine/")
    expect(page.locator("#my-opinions")).to_contain_text("被采用1次")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#feedback-adoptions")).to_contain_text("省政协办公厅")
    expect(page.locator("#feedback-instructions")).to_contain_text("请省住建厅结合城市更新研究。")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-detail-member")
    page.goto("/opinions/issues/")
    assert_accessible(page)

    # The figures page of the office.
    _switch(page, "staff")
    page.goto("/opinions/stats/")
    expect(page.locator("#stats-members")).to_contain_text("金哲洙")
    assert_accessible(page)
    _fits_a_phone(page, "opinions-stats")
