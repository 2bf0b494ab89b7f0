"""Main journeys of the foundation in a real browser, desktop and 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.core.models import AuditEvent
from ningju.members.models import Member
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDING = {
    "member": "我的履职",
    "chair": "委员队伍概况",
    "staff": "委员管理",
    "unit_officer": "承办工作",
    "editor": "网站发布",
    "sysadmin": "账号管理",
    "secadmin": "角色与权限",
    "auditor": "安全审计",
}


def test_each_role_signs_in_to_its_own_accessible_workspace(page: Page) -> None:
    factories.world()
    for username, panel in LANDING.items():
        page.context.clear_cookies()
        login(page, username, factories.PASSWORD)
        expect(page.locator("main h2").first).to_be_visible()
        expect(page.locator("main")).to_contain_text(panel)
        assert_accessible(page)
    screenshot(page, "workspace-auditor")


def test_public_pages_are_accessible(page: Page) -> None:
    factories.world()
    for url in ("/", "/accounts/login/", "/no-such-page/"):
        page.goto(url)
        assert_accessible(page)
    page.goto("/")
    screenshot(page, "portal-home")


def test_member_directory_on_a_phone(phone_page: Page) -> None:
    page = phone_page
    factories.world()
    login(page, "member", factories.PASSWORD)
    page.get_by_role("link", name="委员名录").click()
    expect(page.locator("#directory-results")).to_contain_text("金哲洙")
    assert_accessible(page)
    # Filtering updates the results in place (htmx) and keeps the URL shareable.
    page.select_option("#id_affiliation", "cpc")
    expect(page.locator("#directory-results")).not_to_contain_text("金哲洙")
    expect(page.locator("#directory-results")).to_contain_text("康芳")
    assert "affiliation=cpc" in page.url
    # Nothing overflows the 390 px screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "directory-phone")
    page.get_by_role("link", name="康芳").click()
    expect(page.locator("h1")).to_contain_text("康芳")
    expect(page.locator("#personal-data")).to_contain_text("138****5678")
    expect(page.locator("#personal-data")).not_to_contain_text("13812345678")
    assert_accessible(page)
    screenshot(page, "profile-phone")


def test_staff_adds_a_member_fixes_a_mistake_and_reveals_data(page: Page) -> None:
    factories.world()
    login(page, "staff", factories.PASSWORD)
    page.goto("/members/new/")
    assert_accessible(page)
    page.fill("#id_name", "崔美善")
    page.fill("#id_name_ko", "최미선")
    page.select_option("#id_sex", "female")
    page.fill("#id_ethnicity", "朝鲜族")
    page.select_option("#id_political_affiliation", "capd")
    page.fill("#id_work_unit", "延边大学附属医院")
    page.fill("#id_id_number", "222401197503081235")
    page.fill("#id_phone", "13904331234")
    page.select_option("#id_sector", label="医药卫生界")
    page.click("form.stacked button[type=submit]")
    expect(page.locator("#id_id_number_error")).to_contain_text("校验位不正确")
    expect(page.locator("#id_work_unit")).to_have_value("延边大学附属医院")
    assert_accessible(page)
    screenshot(page, "member-form-error")
    page.fill("#id_id_number", factories.valid_id_number("19750308", male=False))
    page.click("form.stacked button[type=submit]")
    expect(page.locator("h1")).to_contain_text("崔美善")
    expect(page.locator("#personal-data")).to_contain_text("139****1234")
    page.get_by_role("button", name="查看完整信息").click()
    expect(page.locator("#personal-data")).to_contain_text("13904331234")
    member = Member.objects.get(name="崔美善")
    assert AuditEvent.objects.filter(
        action="member.reveal_personal_data", object_id=str(member.pk)
    ).exists()


def test_korean_and_larger_text(page: Page) -> None:
    factories.world()
    login(page, "member", factories.PASSWORD)
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    page.get_by_role("button", name="大字模式").click()
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger > body_size
    page.select_option("#lang-select", "ko")
    page.wait_for_function("document.documentElement.lang === 'ko'")
    expect(page.locator("main")).to_contain_text("리행")
    assert_accessible(page)
    screenshot(page, "workspace-korean-large")


def test_admin_pages_are_accessible(page: Page) -> None:
    factories.world()
    for username, urls in (
        ("sysadmin", ["/accounts/users/", "/accounts/users/new/"]),
        ("secadmin", ["/accounts/roles/"]),
        ("auditor", ["/audit/", "/audit/verify/"]),
        ("staff", ["/members/", "/members/import/", "/members/export/", "/workspace/"]),
    ):
        page.context.clear_cookies()
        login(page, username, factories.PASSWORD)
        for url in urls:
            page.goto(url)
            assert_accessible(page)
    # The profile edit form of an existing member, as staff sees it.
    page.goto(f"/members/{Member.objects.get(name='金哲洙').pk}/edit/")
    expect(page.locator("#id_name")).to_have_value("金哲洙")
    assert_accessible(page)
