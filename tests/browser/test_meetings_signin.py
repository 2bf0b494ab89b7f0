"""The plenary in a real browser: the office's sign-in screen shows the QR; a member opens its
URL on a 390 px phone, signs in through the login page and taps once; another member asks
for leave on the phone and the chair approves it; the chair sees the attendance."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.meetings.choices import MeetingKind
from ningju.meetings.models import Attendance
from ningju.performance.models import DutyKind, DutyRecord
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.meetings_factories import meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "政协延边州第十四届委员会第五次会议"


def _login(page: Page, username: str, next_path: str) -> None:
    """Sign in straight to `next_path` (as a member arriving from a link or a QR does)."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_qr_sign_in_leave_and_chair_attendance(page: Page, phone_page: Page) -> None:
    w = factories.world()
    m = meeting(w, kind=MeetingKind.PLENARY, title=TITLE)

    # The office opens the sign-in screen (desktop, on the projector).
    _login(page, "staff", f"/meetings/{m.pk}/screen/")
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator(".signin-count")).to_contain_text("0")
    assert_accessible(page)
    screenshot(page, "meetings-signin-screen")
    target = page.locator("[data-signin-url]").get_attribute("data-signin-url")
    assert target
    assert "/meetings/signin/" in target

    # A member scans it with the phone: login first, then one tap.
    phone = phone_page
    phone.goto(target)
    phone.fill("#id_username", "member")
    phone.fill("#id_password", factories.PASSWORD)
    phone.click("main button[type=submit]")
    expect(phone.get_by_role("button", name="确认签到")).to_be_visible()
    expect(phone.locator("main")).to_contain_text(TITLE)
    _fits(phone)
    assert_accessible(phone)
    screenshot(phone, "meetings-signin-phone-confirm")
    phone.get_by_role("button", name="确认签到").click()
    expect(phone.locator("h1")).to_have_text("签到成功")
    _fits(phone)
    screenshot(phone, "meetings-signin-phone-done")
    assert Attendance.objects.filter(meeting=m, member__user__username="member").exists()
    assert DutyRecord.objects.filter(
        member__user__username="member", kind=DutyKind.MEETING_ATTENDED
    ).exists()

    # Another member cannot come: asks for leave on the phone.
    phone.context.clear_cookies()
    _login(phone, "standing", f"/meetings/{m.pk}/")
    phone.get_by_role("link", name="请假").click()
    phone.get_by_role("button", name="提交请假").click()  # empty reason: message at the field
    expect(phone.locator(".errorlist")).to_be_visible()
    phone.get_by_label("请假事由").fill("赴长春参加省政协专题培训班，不能出席。")
    phone.get_by_role("button", name="提交请假").click()
    expect(phone.locator("main")).to_contain_text("请假待审批")
    _fits(phone)
    assert_accessible(phone)
    screenshot(phone, "meetings-leave-requested-phone")

    # The chair approves it and sees the attendance.
    page.context.clear_cookies()
    _login(page, "chair", "/meetings/leave/")
    assert_accessible(page)
    page.get_by_role("link", name="朴英顺").click()
    page.get_by_label("准假", exact=True).check()
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".messages")).to_contain_text("审批结果已通知")
    page.goto(f"/meetings/{m.pk}/attendance/")
    table = page.locator("table")
    expect(table.locator("tr", has_text="金哲洙")).to_contain_text("出席")
    expect(table.locator("tr", has_text="朴英顺")).to_contain_text("请假")
    expect(page.locator("main")).to_contain_text("实到 1 人")
    assert_accessible(page)
    screenshot(page, "meetings-attendance-chair")
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page)
    screenshot(page, "meetings-attendance-chair-phone")
