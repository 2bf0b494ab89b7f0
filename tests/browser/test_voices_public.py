"""The public 有事来商量 pages in a phone-sized browser: the form works without JavaScript
(bad input kept, follow-up code, tracking); each page passes axe-core and fits 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ningju.voices.models import PublicRequest
from tests import factories
from tests import voices_factories as vf
from tests.browser.conftest import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_public_form_without_javascript_at_390px(browser: Browser, live_server: Any) -> None:
    factories.world()
    vf.clear_limits()
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/consult/")
    expect(page.locator("h1")).to_have_text("有事来商量")

    # Bad input: messages next to the fields, and everything typed is still there.
    page.get_by_label("向哪一级政协反映").select_option(label="延边州政协")
    page.get_by_label("领域").select_option(label="城市管理")
    page.get_by_label("标题").fill("民安社区路灯不亮")
    page.get_by_label("具体情况").fill(vf.CLEAN_TEXT)
    page.get_by_label("手机号").fill("1391234")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#id_phone_error")).to_contain_text("请填写11位手机号码")
    expect(page.locator("#id_consent_error")).to_be_visible()
    expect(page.get_by_label("具体情况")).to_have_value(vf.CLEAN_TEXT)
    screenshot(page, "voices-consult-errors-390")

    page.get_by_label("手机号").fill("13912345678")
    page.get_by_label("同意在办理结束后公开").check()
    page.get_by_label("我已阅读上面的个人信息告知").check()
    page.get_by_role("button", name="提交").click()
    code = page.get_by_test_id("follow-up-code").inner_text()
    assert len(code) == 9
    screenshot(page, "voices-thanks-390")

    page.get_by_role("link", name="查看进展").click()
    page.locator("#id_code").fill(code)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("track-result")).to_contain_text("已受理")
    assert PublicRequest.objects.get().status == "received"
    context.close()


def test_public_pages_pass_axe_and_fit_a_phone(phone_page: Page) -> None:
    w = factories.world()
    vf.clear_limits()
    published = vf.in_state(w, "published")
    for path in ("/consult/", "/consult/track/", f"/consult/outcomes/{published.pk}/"):
        phone_page.goto(path)
        assert_accessible(phone_page)
        _fits(phone_page)
    screenshot(phone_page, "voices-outcome-390")
    phone_page.goto("/consult/")
    screenshot(phone_page, "voices-consult-390")
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(phone_page, "voices-consult-desktop")


def test_korean_public_page_fits_a_phone(browser: Browser, live_server: Any) -> None:
    factories.world()
    context = browser.new_context(
        viewport=PHONE, locale="ko-KR", base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/consult/")
    expect(page.locator("h1")).to_have_text("일이 있으면 의논합시다")
    expect(page.locator("main")).to_contain_text("개인정보 고지")
    _fits(page)
    assert_accessible(page)
    screenshot(page, "voices-consult-ko-390")
    context.close()
