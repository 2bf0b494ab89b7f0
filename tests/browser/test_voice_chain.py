"""The whole 有事来商量 chain in a real browser: a person raises a concern on the public page
(a spammy one is held by the filter, the clean one passes), the office routes it to the
延边大学 liaison station, the station's member answers it with a reception entry and turns
the entry into a 社情民意 draft, the office edits it into a journal issue, 省政协 adopts it
with a 批示, and the member sees the feedback and the station-duty record. The requester
follows it all with the code. Pages are checked with axe-core and at 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ningju.members.models import Member
from ningju.voices.models import PublicRequest
from tests import factories
from tests import voices_factories as vf
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "延边大学周边夜间公交停运早"
TEXT = "延边大学晚自习九点结束，公园路一带的公交八点半就停运了，学生打车难，冬天在路边等车很冷，希望延长运营时间。"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, factories.PASSWORD)


def _fits_a_phone(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, name)


def _submit_public(page: Page, *, title: str, text: str, phone: str) -> str:
    page.goto("/consult/")
    page.get_by_label("向哪一级政协反映").select_option(label="延边州政协")
    page.get_by_label("领域").select_option(label="交通出行")
    page.get_by_label("标题").fill(title)
    page.get_by_label("具体情况").fill(text)
    page.get_by_label("手机号").fill(phone)
    page.get_by_label("同意在办理结束后公开").check()
    page.get_by_label("我已阅读上面的个人信息告知").check()
    page.get_by_role("button", name="提交").click()
    return page.get_by_test_id("follow-up-code").inner_text()


def test_public_request_to_station_to_opinion_adopted(page: Page) -> None:
    w = factories.world()
    vf.clear_limits()
    station = vf.station(w, name="延边大学界别委员联络站", members=("member",))

    # The public: a spammy text is held (never shown), the clean one passes.
    _submit_public(page, title="领取优惠", text=vf.SPAM_TEXT, phone="13600001111")
    code = _submit_public(page, title=TITLE, text=TEXT, phone="13912345678")
    assert_accessible(page)
    held = PublicRequest.objects.get(title="领取优惠")
    assert held.status == "held"
    clean = PublicRequest.objects.get(title=TITLE)
    assert clean.status == "received"

    # The office: the held one shows the filter's reasons; the clean one goes to the station.
    _switch(page, "staff")
    page.goto("/voices/?status=held")
    page.get_by_role("link", name="领取优惠").click()
    expect(page.locator("#reasons-title")).to_be_visible()
    expect(page.get_by_test_id("request-status")).to_have_text("待审核")
    assert_accessible(page)
    page.goto("/voices/")
    expect(page.locator("main table")).to_contain_text(TITLE)
    assert_accessible(page)
    _fits_a_phone(page, "voices-list")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="转办").click()
    page.get_by_role("radio", name="委员联络站").check()
    page.locator("#id_station").select_option(label=station.name)
    assert_accessible(page)
    page.get_by_role("button", name="转办并通知").click()
    expect(page.get_by_test_id("request-status")).to_have_text("办理中")
    _fits_a_phone(page, "voices-detail")

    # The station's member: the request waits in the station queue; a reception entry
    # answers it, and the entry becomes a 社情民意 draft.
    _switch(page, "member")
    page.goto(f"/stations/{station.pk}/")
    expect(page.get_by_test_id("station-queue")).to_contain_text(TITLE)
    assert_accessible(page)
    _fits_a_phone(page, "station-detail")
    page.get_by_test_id("station-queue").get_by_role("link").first.click()
    expect(page.locator("#id_issue")).to_have_value(TEXT)
    page.locator("#id_handling").select_option("answered")
    page.fill(
        "#id_handling_note",
        "已与公交公司沟通，拟将公园路线路末班车延至21:40，并建议纳入社情民意报送。",
    )
    assert_accessible(page)
    _fits_a_phone(page, "station-reception-form")
    page.get_by_role("button", name="保存登记").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible(page)
    page.get_by_role("button", name="转为社情民意草稿").click()
    page.wait_for_url(re.compile(r"/opinions/\d+/edit/"))
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_situation")).to_have_value(re.compile("公交八点半就停运"))
    page.fill("#id_analysis", "高校夜间出行需求集中，公交运营时间没有随作息调整。")
    page.click("#opinion-submit")
    expect(page.locator("#opinion-status")).to_have_text("已提交，待筛选")
    opinion_url = page.url

    # The requester sees the outcome with the code.
    page.context.clear_cookies()
    page.goto("/consult/track/")
    page.locator("#id_code").fill(code)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("track-result")).to_contain_text("末班车延至21:40")
    assert_accessible(page)
    _fits_a_phone(page, "voices-track-result")

    # The office edits it into a journal issue, reports it; 省政协 adopts it with a 批示.
    _switch(page, "staff")
    page.goto(opinion_url.replace("/edit/", "/"))
    page.click("#action-edit")
    page.fill("#id_edited_title", "延边大学周边公交末班车亟需延时")
    page.click("#action-submit")
    expect(page.locator("#opinion-status")).to_have_text("已编辑，待编入期刊")
    page.click("#action-compile")
    page.select_option("#id_issue", "new")
    page.click("#action-submit")
    expect(page.locator("#feedback-issue")).to_contain_text("第1期")
    page.goto("/opinions/issues/")
    page.get_by_role("link", name="第1期").first.click()
    page.click("#issue-publish")
    expect(page.locator("#issue-status")).to_have_text("已印发")
    page.goto(opinion_url.replace("/edit/", "/"))
    page.click("#action-report")
    page.get_by_label("省政协", exact=True).check()
    page.click("#action-submit")
    page.click("#action-adopt")
    page.select_option("#id_level", "provincial_cppcc")
    page.fill("#id_body", "省政协办公厅")
    page.click("#action-submit")
    page.click("#action-instruct")
    page.select_option("#id_leader_level", "provincial")
    page.fill("#id_text", "请省交通运输厅指导延吉市优化高校周边公交线路。")
    page.click("#action-submit")
    expect(page.locator("#opinion-status")).to_have_text("已被采用")

    # The member sees the feedback and the station-duty record in their file.
    _switch(page, "member")
    page.goto("/opinions/mine/")
    expect(page.locator("#my-opinions")).to_contain_text("被采用1次")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#feedback-instructions")).to_contain_text("请省交通运输厅指导")
    member = Member.objects.get(user=w["member"])
    page.goto(f"/members/{member.pk}/")
    expect(page.locator("#duty-title").locator("..")).to_contain_text("联络站值班接待")
    assert_accessible(page)
    _fits_a_phone(page, "voice-chain-member-file")
