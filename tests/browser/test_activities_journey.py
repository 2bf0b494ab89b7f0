"""At 390 px: a member records an activity with figures and a photo, the office confirms it
and the campaign's total rises; a reading check-in appears on the member's reading page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import activities_factories as af
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "送医送药送健康义诊走进依兰镇"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_member_records_staff_confirms_campaign_rises_and_reading(
    phone_page: Page, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    w = factories.world()
    campaign = af.campaign(w.prefecture)
    book = af.book(w.prefecture, title="乡土中国", author="费孝通")
    photo = tmp_path / "义诊现场.png"
    photo.write_bytes(af.png_bytes(1200, 800))
    page = phone_page

    login(page, "member", factories.PASSWORD)
    page.goto("/activities/new/")
    page.get_by_label("活动名称").fill(TITLE)
    page.get_by_label("活动类型").select_option("free_clinic")
    page.get_by_label("活动日期").fill(af.yesterday().isoformat())
    page.get_by_label("地点", exact=False).first.fill("延吉市依兰镇卫生院")
    page.get_by_label("活动主题").select_option(str(campaign.pk))
    page.get_by_label("服务群众（人次）").fill("320")
    page.get_by_label("捐赠价值（元）").fill("41000")
    page.get_by_label("活动照片").set_input_files(str(photo))
    _fits(page)
    assert_accessible(page)
    screenshot(page, "activities-member-form-390")
    page.get_by_role("button", name="提交办公室确认").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("待确认")
    expect(page.locator(".photo-grid img")).to_have_count(1)
    _fits(page)
    assert_accessible(page)
    screenshot(page, "activities-member-detail-390")

    page.context.clear_cookies()
    login(page, "staff", factories.PASSWORD)
    page.goto(f"/activities/campaigns/{campaign.pk}/")
    expect(page.locator('[data-figure="people_served"]')).to_have_text("0")
    page.goto("/activities/review/")
    page.get_by_role("link", name=f"确认：{TITLE}").click()
    page.get_by_role("button", name="确认活动").click()
    expect(page.locator(".messages")).to_contain_text("活动已确认")
    page.goto(f"/activities/campaigns/{campaign.pk}/")
    expect(page.locator('[data-figure="people_served"]')).to_have_text("320")
    expect(page.locator('[data-figure="value_donated"]')).to_have_text("41000.00")
    _fits(page)
    assert_accessible(page)
    screenshot(page, "activities-campaign-390")

    page.context.clear_cookies()
    login(page, "member", factories.PASSWORD)
    page.goto("/study/reading/")
    page.get_by_label("图书").first.select_option(str(book.pk))
    page.get_by_label("阅读页数").fill("35")
    page.get_by_label("简短感想").fill("差序格局很有启发")
    page.get_by_role("button", name="打卡", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("打卡成功")
    expect(page.locator(".member-reading")).to_contain_text("《乡土中国》")
    expect(page.locator(".member-reading")).to_contain_text("差序格局很有启发")
    _fits(page)
    assert_accessible(page)
    screenshot(page, "activities-reading-390")
