"""微建议 in a real browser: a member submits on a phone, the office triages to a unit, the
unit replies, the office publishes, and the public list shows it. Every page is checked
with axe-core and for 390 px; 办实事 pages are checked the same way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ningju.matters import services as matter_services
from ningju.suggestions.models import Suggestion
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.suggestions_factories import matter, matter_in, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "河南街道巷道路灯长期不亮"
REPLY = "已安排城市照明维护单位检修，本周内全部恢复照明。"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _fits(page: Page, width: int = 390) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_member_submits_on_a_phone_and_the_public_reads_the_reply(phone_page: Page) -> None:
    w = factories.world()
    page = phone_page

    # A member, on a phone: from the workspace panel to the form.
    _switch(page, "member")
    page.get_by_role("link", name="提微建议").first.click()
    expect(page.locator("h1")).to_have_text("提微建议")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("类别").select_option("urban")
    page.get_by_label("建议内容").fill("民安社区北侧巷道路灯坏了一个多月，老人孩子夜里出行不安全。")
    assert_accessible(page)
    _fits(page)
    screenshot(page, "suggestions-member-new-phone")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".messages")).to_contain_text("微建议已提交")
    expect(page.locator("h1")).to_have_text(TITLE)
    _fits(page)
    suggestion = Suggestion.objects.get(title=TITLE)

    # The office triages it to the handling unit (on a desktop-sized window).
    page.set_viewport_size({"width": 1280, "height": 900})
    _switch(page, "staff")
    page.goto("/suggestions/queue/")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_accessible(page)
    screenshot(page, "suggestions-queue-desktop")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("交由谁办理").select_option(f"unit:{unit(w).pk}")
    page.get_by_label("分办意见").fill("请五个工作日内答复")
    assert_accessible(page)
    page.get_by_role("button", name="交办").click()
    expect(page.locator(".messages")).to_contain_text("已保存")

    # The unit replies.
    _switch(page, "unit_officer")
    page.goto("/suggestions/queue/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("答复内容").fill(REPLY)
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator(".messages")).to_contain_text("已保存")

    # The office approves the reply and publishes it.
    _switch(page, "staff")
    page.goto(f"/suggestions/{suggestion.pk}/")
    expect(page.get_by_label("答复（可修改措辞后审定）")).to_have_value(REPLY)
    assert_accessible(page)
    screenshot(page, "suggestions-approve-desktop")
    page.get_by_role("button", name="审定并公开").click()
    expect(page.locator("main")).to_contain_text("已公开")

    # Anyone, on a phone, without signing in, reads it on the public list.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/suggestions/")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text(REPLY)
    assert_accessible(page)
    _fits(page)
    screenshot(page, "suggestions-public-list-phone")
    page.goto("/suggestions/new/")
    assert_accessible(page)
    _fits(page)
    screenshot(page, "suggestions-public-new-phone")


def test_matters_pages_on_a_phone(phone_page: Page) -> None:
    w = factories.world()
    page = phone_page
    matter_in(w, "completed", title="光明小区楼道加装扶手")
    late = matter(w, title="社区卫生服务中心双语导诊")
    matter_services.matter_progress_add(
        acting_user=w["member"], matter=late, note="已招募双语志愿者 12 名", percent=40
    )
    type(late).objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    page.goto("/matters/done/")
    expect(page.locator("main")).to_contain_text("光明小区楼道加装扶手")
    assert_accessible(page)
    _fits(page)
    screenshot(page, "matters-public-done-phone")
    _switch(page, "staff")
    page.goto("/matters/")
    expect(page.locator("main")).to_contain_text("已逾期 3 天")
    assert_accessible(page)
    _fits(page)
    screenshot(page, "matters-list-phone")
    page.get_by_role("link", name="社区卫生服务中心双语导诊").click()
    expect(page.locator("main")).to_contain_text("已招募双语志愿者 12 名")
    assert_accessible(page)
    _fits(page)
    screenshot(page, "matters-detail-phone")
