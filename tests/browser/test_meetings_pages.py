"""The office's meeting page, the invitation form, the member's calendar and the leadership
overview: accessible (axe) and fitting a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.meetings import services
from ningju.meetings.choices import MeetingKind
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.meetings_factories import meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, username: str, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    screenshot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_office_member_and_leader_pages(page: Page) -> None:
    w = factories.world()
    m = meeting(w, kind=MeetingKind.STANDING, state="published", title="州政协常委会第二十三次会议")
    services.agenda_item_add(
        acting_user=w["staff"],
        meeting=m,
        title="学习习近平总书记在吉林考察时的重要讲话精神",
        is_first_topic=True,
        study_material="习近平总书记考察吉林重要讲话全文",
    )
    _login(page, "staff", f"/meetings/{m.pk}/")
    expect(page.locator("main")).to_contain_text("第一议题")
    _check(page, "meetings-detail-office")
    page.goto(f"/meetings/{m.pk}/invite/")
    _check(page, "meetings-invite")
    page.context.clear_cookies()
    _login(page, "member", "/meetings/calendar/")
    expect(page.locator("#feed-url")).to_have_value(
        __import__("re").compile(r"/meetings/calendar/.+\.ics$")
    )
    _check(page, "meetings-calendar")
    page.context.clear_cookies()
    _login(page, "chair", "/meetings/attendance/")
    expect(page.locator("main")).to_contain_text("按界别")
    _check(page, "meetings-overview")
