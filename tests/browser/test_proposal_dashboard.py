"""The proposal statistics dashboard in a real browser: ECharts from the data island, under the
strict CSP, every chart also a table, accessible, and readable without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from benchmarks.proposals_dashboard_bench import populate
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Session
from tests import factories
from tests.browser.conftest import DESKTOP, assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("chart-categories", "chart-results", "chart-units")


def _world() -> tuple[factories.ProposalWorld, int]:
    w = factories.proposal_world()
    year = timezone.localdate().year
    populate(
        organisation=w.prefecture,
        session=w.session,
        units=w.units,
        members=list(Member.objects.filter(organisation=w.prefecture)),
        created_by=w["member"],
        count=240,
        year=year,
    )
    populate(
        organisation=w.county,
        session=Session.objects.get(term__organisation=w.county),
        units=list(HandlingUnit.objects.filter(organisation=w.county)),
        members=list(Member.objects.filter(organisation=w.county)),
        created_by=w["county_member"],
        count=30,
        year=year,
        seed=5,
    )
    return w, year


def _charts_ready(page: Page) -> None:
    page.wait_for_function(
        "ids => ids.every(id => document.querySelector('#' + id + ' canvas'))", arg=list(CHARTS)
    )


def test_dashboard_draws_echarts_and_is_accessible(page: Page) -> None:
    _w, year = _world()
    login(page, "staff", factories.PASSWORD)
    page.goto(f"/proposals/statistics/?year={year}")
    expect(page.locator("h1")).to_contain_text("提案工作统计")
    _charts_ready(page)
    instances = page.evaluate(
        "ids => ids.map(id => !!echarts.getInstanceByDom(document.getElementById(id)))",
        list(CHARTS),
    )
    assert instances == [True, True, True]
    # Each chart has its table: the same numbers for screen readers and without JS.
    pie = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('chart-results'))"
        ".getOption().series[0].data.map(d => d.value)"
    )
    table = [
        int(text)
        for text in page.locator(
            "#results-title ~ .table-wrap tbody tr td:nth-child(3)"
        ).all_inner_texts()[:-1]
    ]
    assert pie == table
    assert sum(pie) > 0
    assert page.locator("[data-chart][aria-hidden='true']").count() == 3
    expect(page.locator("#counties-title")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "proposal-dashboard")


def test_charts_run_under_the_real_csp(browser: Browser, live_server: Any) -> None:
    """The page's own CSP (no bypass): no violation, and the charts still draw."""
    _w, year = _world()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        login(page, "chair", factories.PASSWORD)
        response = page.goto(f"/proposals/statistics/?year={year}")
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        _charts_ready(page)
        assert violations == []
    finally:
        context.close()


def test_dashboard_without_javascript(browser: Browser, live_server: Any) -> None:
    _w, year = _world()
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        login(page, "staff", factories.PASSWORD)
        page.goto(f"/proposals/statistics/?year={year}")
        assert page.locator("[data-chart] canvas").count() == 0
        for title in ("#category-title", "#results-title", "#units-title"):
            expect(page.locator(f"{title} ~ .table-wrap table").first).to_be_visible()
        expect(page.locator("main")).to_contain_text("立案率")
        # The period form works without JavaScript too.
        page.select_option("#stats-year", str(year))
        page.click("form.filters button[type=submit]")
        assert f"year={year}" in page.url
    finally:
        context.close()


def test_dashboard_on_a_phone(phone_page: Page) -> None:
    page = phone_page
    _w, year = _world()
    login(page, "staff", factories.PASSWORD)
    page.goto(f"/proposals/statistics/?year={year}")
    _charts_ready(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    assert_accessible(page)
    screenshot(page, "proposal-dashboard-phone")
