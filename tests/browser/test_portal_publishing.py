"""The public site in a real browser: a member writes, three different reviewers pass 初审,
复审 and 终审, and the article appears on the public site in Chinese and in Korean. The
home, column and article pages are checked with axe-core and photographed (desktop, 390 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ningju.portal.models import Article
from tests import factories
from tests import portal_factories as pf
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "委员走进和龙山村开展义诊"
TITLE_KO = "위원들 화룡 산골마을서 무료진료"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _review(page: Page, article_id: int, username: str, level: str) -> None:
    _switch(page, username)
    page.goto(f"/publishing/{article_id}/")
    expect(page.get_by_role("heading", name=level)).to_be_visible()
    page.get_by_label("通过").check()
    page.get_by_role("button", name="提交审核结果").click()
    expect(page.locator(".messages")).to_be_visible()


def _fits_a_phone(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, name)


def test_three_level_review_then_public_in_chinese_and_korean(page: Page) -> None:
    pf.reset_caches()
    pf.portal_world()
    # The member writes the article with a Korean version.
    _switch(page, "member")
    page.goto("/publishing/new/")
    page.select_option("#id_column", label="委员在行动")
    page.fill("#id_title", TITLE)
    page.fill(
        "#id_body",
        "<p>六月中旬，州政协组织医卫界委员来到和龙市的山村，为村民量血压、看慢病、送常用药。</p>"
        "<p>委员们还为村医讲解了常见病的用药知识。</p>",
    )
    page.fill("#id_source", "州政协办公室")
    page.fill("#id_title_ko", TITLE_KO)
    page.fill(
        "#id_body_ko", "<p>6월 중순, 위원들이 화룡시 산골마을을 찾아 무료진료를 하였습니다.</p>"
    )
    page.get_by_role("button", name="保存稿件").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    page.get_by_role("button", name="送审").click()
    expect(page.locator("main")).to_contain_text("待初审")
    article = Article.objects.get(title=TITLE)

    _review(page, article.pk, "editor", "初审")
    _review(page, article.pk, "staff", "复审")
    _review(page, article.pk, "editor2", "终审")
    expect(page.locator(".messages")).to_contain_text("已发布")

    # The public site, signed out.
    page.context.clear_cookies()
    page.goto("/")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_accessible(page)
    _fits_a_phone(page, "portal-home")
    page.goto("/column/xingdong/")
    expect(page.locator("h1")).to_contain_text("委员在行动")
    assert_accessible(page)
    _fits_a_phone(page, "portal-column")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#article-title")).to_have_text(TITLE)
    expect(page.locator(".article-reviewers")).to_contain_text("终审：韩编辑")
    assert_accessible(page)
    _fits_a_phone(page, "portal-article")

    # The reader switches to Korean: the Korean version is shown.
    page.locator("#lang-select").select_option("ko")
    expect(page.locator("#article-title")).to_have_text(TITLE_KO)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert_accessible(page)
    _fits_a_phone(page, "portal-article-ko")
