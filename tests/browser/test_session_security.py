"""What a person sees of the login rules: the idle warning and the forced password change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.accounts.models import User
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_idle_warning_offers_to_continue(page: Page) -> None:
    factories.world()
    page.clock.install()
    login(page, "member", factories.PASSWORD)
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("28:30")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("自动退出")
    assert_accessible(page)
    screenshot(page, "idle-warning")
    with page.expect_response("**/accounts/keepalive/") as response:
        page.get_by_role("button", name="继续使用").click()
    assert response.value.status == 204
    expect(warning).to_be_hidden()


def test_first_login_asks_for_a_new_password(page: Page) -> None:
    factories.world()
    User.objects.filter(username="member").update(must_change_password=True)
    page.goto("/accounts/login/")
    page.fill("#id_username", "member")
    page.fill("#id_password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/password/")
    expect(page.locator("main")).to_contain_text("请先设置新密码")
    assert_accessible(page)
    page.fill("#id_old_password", factories.PASSWORD)
    page.fill("#id_new_password1", "member2024")
    page.fill("#id_new_password2", "member2024")
    page.click("main button[type=submit]")
    expect(page.locator("#id_new_password1_error, #id_new_password2_error")).to_contain_text(
        "至少 3 类"
    )
    page.fill("#id_old_password", factories.PASSWORD)
    page.fill("#id_new_password1", "Yb7#river-valley")
    page.fill("#id_new_password2", "Yb7#river-valley")
    page.click("main button[type=submit]")
    page.wait_for_url("**/workspace/")
    expect(page.locator(".messages")).to_contain_text("密码已修改")
