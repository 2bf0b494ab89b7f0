"""Two-factor enrolment and the code after login, in a real browser."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.test_two_factor import code_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("main button[type=submit]")


def test_staff_enrols_and_is_asked_for_a_code_next_time(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NINGJU_TWO_FACTOR_ENFORCED = True
    factories.world()

    _password_login(page, "staff")
    page.wait_for_url("**/accounts/2fa/setup/")
    expect(page.locator("h1")).to_contain_text("设置两步验证")
    expect(page.locator("main img[src^='data:image/svg+xml;base64,']")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-setup")

    # Type what the page shows, as someone entering the key by hand would.
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    code = f"{totp(base64.b32decode(secret)):06d}"
    page.fill("#id_code", code)
    page.get_by_role("button", name="确认启用").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("button", name="打印恢复码")).to_be_visible()
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="打印恢复码").click()
    assert page.evaluate("window.__printed === true")
    assert_accessible(page)
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="我已保存好，继续").click()
    page.wait_for_url("**/workspace/")

    page.get_by_role("button", name="退出").click()
    page.wait_for_url(lambda url: "/workspace/" not in url)
    _password_login(page, "staff")
    page.wait_for_url("**/accounts/2fa/verify/?next=/workspace/")
    expect(page.locator("h1")).to_contain_text("两步验证")
    assert_accessible(page)

    # A wrong code: the error is next to the field.
    page.fill("#id_code", "12345")
    page.get_by_role("button", name="验证并登录").click()
    expect(page.locator("#id_code_error")).to_be_visible()

    device = TOTPDevice.objects.get(user__username="staff", confirmed=True)
    page.fill("#id_code", code_now(device))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url("**/workspace/")
    expect(page.locator("main")).to_contain_text("委员管理")

    # The status page: enabled, and switching it off is refused for staff.
    page.goto("/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("已启用")
    expect(page.locator("main")).to_contain_text("不能关闭")
    assert_accessible(page)
