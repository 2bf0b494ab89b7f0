"""Station pages for office staff: the list with the year's figures, the roster, a reception
entry and the activity form; axe-core and 390 px on each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ningju.members.models import Member
from ningju.stations import services
from tests import factories
from tests import voices_factories as vf
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_station_pages(page: Page) -> None:
    w = factories.world()
    station = vf.station(w, name="延边大学界别委员联络站", members=("member", "standing"))
    member = Member.objects.get(user=w["member"])
    services.shift_add(
        acting_user=w["staff"],
        station=station,
        member_id=member.pk,
        on_date=timezone.localdate() - timedelta(days=1),
    )
    reception = services.reception_create(
        acting_user=w["staff"],
        station=station,
        data=services.ReceptionData(
            channel="walk_in",
            topic="高校毕业生留延就业",
            issue="应届毕业生反映本地岗位少，希望加大人才公寓和就业补贴力度。",
            visitor_name="崔明哲",
            visitor_phone="13943331234",
            received_by_id=member.pk,
        ),
    )
    login(page, "staff", factories.PASSWORD)
    for path, name in (
        ("/stations/", "stations-list"),
        (f"/stations/{station.pk}/roster/", "stations-roster"),
        (f"/stations/receptions/{reception.pk}/", "stations-reception"),
        (f"/stations/{station.pk}/activities/new/", "stations-activity-form"),
    ):
        page.goto(path)
        assert_accessible(page)
        screenshot(page, name)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(page, f"{name}-390")
        page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/stations/receptions/{reception.pk}/")
    expect(page.locator("main")).to_contain_text("139****1234")
    expect(page.locator("main")).not_to_contain_text("崔明哲")
    page.goto(f"/stations/{station.pk}/roster/")
    page.get_by_role("button", name="已值班").click()
    expect(page.locator(".messages")).to_contain_text("值班情况已记录")
