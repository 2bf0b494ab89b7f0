"""A member writes, autosaves, reloads and submits a proposal on a 390 px phone; the
co-signing and rating pages pass axe-core."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Page, expect

from ningju.members.models import Member
from ningju.proposals import services as s
from ningju.proposals.choices import Status
from ningju.proposals.models import Proposal
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.test_proposal_member_pages import SUGGESTIONS, TITLE, _draft, _replied

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "延边人参种植面积大，但精深加工不足，产品附加值低。"


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_member_writes_autosaves_reloads_and_submits_on_a_phone(phone_page: Page) -> None:
    page = phone_page
    w = factories.proposal_world()
    earlier = _draft(w, username="standing", title="关于推动长白山人参精深加工的建议")
    s.submit(acting_user=w["standing"], proposal=earlier)
    login(page, "member", factories.PASSWORD)
    page.goto("/proposals/new/")
    expect(page.locator("h1")).to_have_text("写提案")
    assert_accessible(page)
    _fits_the_phone(page)

    page.fill("#id_title", TITLE)
    page.fill("#id_situation", SITUATION)
    counter = page.locator("#body-counter [data-count]")
    expect(counter).to_have_text(str(len(SITUATION)))
    page.fill("#id_suggestions", SUGGESTIONS)
    expect(counter).to_have_text(str(len(SITUATION) + len(SUGGESTIONS)))
    # Over the limit the counter turns red and says so; back under, it is calm again.
    page.fill("#id_analysis", "析" * 2000)
    expect(page.locator("#body-counter")).to_have_class(re.compile(r"\bover\b"))
    expect(page.locator("#body-counter")).to_contain_text("已超过上限")
    page.fill("#id_analysis", "品牌分散，缺少龙头企业带动。")
    expect(page.locator("#body-counter")).not_to_have_class(re.compile(r"\bover\b"))
    page.select_option("#id_category", label="产业发展")
    # A pause after typing the title or the suggestions looks for similar proposals.
    # (The first search of a process loads the word lists: allow it time.)
    expect(page.locator("#similar-results")).to_contain_text(
        "关于推动长白山人参精深加工的建议", timeout=20_000
    )
    expect(page.locator("#similar-results")).to_contain_text("相似度")

    # Leaving a field (change) saves at once; the address becomes the draft's edit page.
    page.locator("#id_suggestions").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    page.wait_for_url(re.compile(r"/proposals/\d+/edit/$"))
    proposal = Proposal.objects.get(created_by=w["member"])
    assert proposal.title == TITLE
    assert page.locator("#id_proposal_id").input_value() == str(proposal.pk)
    # Typing more and pausing also saves (the form waits 10 s after the last keystroke).
    with page.expect_response(
        lambda r: (
            r.request.method == "POST"
            and "三是培育龙头企业。" in unquote_plus(r.request.post_data or "")
        ),
        timeout=20_000,
    ):
        page.locator("#id_suggestions").press_sequentially("三是培育龙头企业。", delay=20)
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    assert Proposal.objects.filter(created_by=w["member"]).count() == 1
    proposal.refresh_from_db()
    assert proposal.suggestions.endswith("三是培育龙头企业。")

    page.reload()
    expect(page.locator("h1")).to_have_text("修改提案")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_situation")).to_have_value(SITUATION)
    expect(page.locator("#id_suggestions")).to_have_value(re.compile("三是培育龙头企业。$"))
    assert_accessible(page)
    _fits_the_phone(page)
    screenshot(page, "proposal-draft-phone")

    page.get_by_role("button", name="提交提案").click()
    page.wait_for_url(f"**/proposals/{proposal.pk}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".messages")).to_contain_text("提案已提交")
    expect(page.locator("main")).to_contain_text("三是培育龙头企业。")
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    _fits_the_phone(page)


def test_submission_problems_show_next_to_the_fields(phone_page: Page) -> None:
    page = phone_page
    factories.proposal_world()
    login(page, "member", factories.PASSWORD)
    page.goto("/proposals/new/")
    page.fill("#id_title", "人参产业")
    page.fill("#id_situation", SITUATION)
    page.get_by_role("button", name="提交提案").click()
    expect(page.locator(".field.has-error").first).to_contain_text("关于……的建议")
    expect(page.locator("#id_situation")).to_have_value(SITUATION)
    expect(page.locator(".messages")).to_contain_text("已填写的内容都保留着")
    assert_accessible(page)
    _fits_the_phone(page)
    screenshot(page, "proposal-errors-phone")
    assert Proposal.objects.get().status == Status.DRAFT


def test_joint_proposal_picks_a_cosigner_who_confirms(phone_page: Page) -> None:
    page = phone_page
    factories.proposal_world()
    login(page, "member", factories.PASSWORD)
    page.goto("/proposals/new/")
    page.get_by_text("联名提案", exact=True).click()
    expect(page.locator("#cosigner-q")).to_be_visible()
    page.fill("#cosigner-q", "朴")
    option = page.locator("#cosigner-results label", has_text="朴英顺")
    expect(option).to_be_visible()
    option.click()
    # The ticked member moves to the chosen list; a new search keeps them.
    expect(page.locator("#cosigner-chips .chip", has_text="朴英顺")).to_be_visible()
    page.fill("#cosigner-q", "李")
    expect(page.locator("#cosigner-results")).to_contain_text("李东浩")
    expect(page.locator("#cosigner-chips .chip", has_text="朴英顺")).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot(page, "proposal-cosigners-phone")
    page.fill("#id_title", TITLE)
    page.fill("#id_situation", SITUATION)
    page.fill("#id_suggestions", SUGGESTIONS)
    page.select_option("#id_category", label="产业发展")
    page.get_by_role("button", name="提交提案").click()
    expect(page.locator(".messages")).to_contain_text("已发出联名邀请")
    proposal = Proposal.objects.get()
    assert proposal.status == Status.COSIGNING

    page.context.clear_cookies()
    login(page, "standing", factories.PASSWORD)
    page.goto(f"/proposals/{proposal.pk}/cosign/")
    expect(page.get_by_role("button", name="确认联名")).to_be_visible()
    assert_accessible(page)
    _fits_the_phone(page)
    screenshot(page, "proposal-cosign-phone")
    page.get_by_role("button", name="确认联名").click()
    expect(page.locator(".messages")).to_contain_text("您已确认联名")
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_rate_page_on_a_phone(phone_page: Page) -> None:
    page = phone_page
    w = factories.proposal_world()
    proposal = _replied(w)
    other = _draft(w, title="关于加强农村养老服务的建议")
    s.submit(acting_user=w["member"], proposal=other)
    assert Member.objects.filter(name="金哲洙").exists()
    login(page, "member", factories.PASSWORD)
    page.goto("/proposals/mine/")
    expect(page.locator("main")).to_contain_text("已答复，请评价办理情况")
    assert_accessible(page)
    _fits_the_phone(page)
    screenshot(page, "proposal-mine-phone")
    page.goto(f"/proposals/{proposal.pk}/rate/")
    expect(page.locator("main")).to_contain_text("人参精深加工园区")
    assert_accessible(page)
    page.locator("label[for=id_attitude_1]").click()
    page.locator("label[for=id_result_2]").click()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#id_comment_error")).to_contain_text("请写明原因")
    expect(page.locator("#id_result_2")).to_be_checked()
    assert_accessible(page)
    _fits_the_phone(page)
    screenshot(page, "proposal-rate-phone")
    page.fill("#id_comment", "措施不具体，请说明时间安排。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("重新办理")
    proposal.refresh_from_db()
    assert proposal.status == Status.REHANDLING
