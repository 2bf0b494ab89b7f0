"""Attachments on the edit page of a draft: with htmx only the panel changes, so what the
member is typing stays and autosave carries on; without JavaScript the upload form still
works. The detail page offers the files as downloads under their own names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Browser, Page, expect

from ningju.proposals.models import Attachment, Proposal
from tests import factories
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.test_proposal_attachments import EXE, PDF, PNG
from tests.test_proposal_member_pages import _draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, content in (("调研报告.pdf", PDF), ("园区照片.png", PNG), ("setup.exe", EXE)):
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = path
    return paths


@pytest.fixture
def no_js_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return errors


def test_uploading_keeps_what_is_typed_and_autosave_carries_on(
    phone_page: Page, files: dict[str, Path]
) -> None:
    page = phone_page
    csp = _csp_errors(page)
    w = factories.proposal_world()
    proposal = _draft(w)
    login(page, "member", factories.PASSWORD)
    edit_url = f"/proposals/{proposal.pk}/edit/"
    page.goto(edit_url)
    expect(page.locator("#attachments")).to_contain_text("还没有附件")

    # Typed but not yet saved (autosave waits 10 s after typing). The analysis field does
    # not drive the similar-proposals search, so nothing moves on the page meanwhile.
    page.locator("#id_analysis").press_sequentially("另据调查，", delay=10)
    page.set_input_files("#id_attachment", str(files["调研报告.pdf"]))
    page.get_by_role("button", name="上传附件").click()
    expect(page.locator("#attachments")).to_contain_text("已上传附件“调研报告.pdf”")
    expect(page.locator("#attachments a", has_text="调研报告.pdf")).to_be_visible()
    assert page.url.endswith(edit_url)  # no page load: the text is still there
    expect(page.locator("#id_analysis")).to_have_value(re.compile("另据调查，"))

    # A wrong file: the reason next to the field, nothing stored.
    page.set_input_files("#id_attachment", str(files["setup.exe"]))
    page.get_by_role("button", name="上传附件").click()
    expect(page.locator("#attachment-error")).to_contain_text("不支持的文件类型：.exe")
    expect(page.locator("#id_attachment")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "proposal-attachments-phone")

    page.set_input_files("#id_attachment", str(files["园区照片.png"]))
    page.get_by_role("button", name="上传附件").click()
    expect(page.locator("#attachments a", has_text="园区照片.png")).to_be_visible()
    assert list(
        Attachment.objects.filter(proposal=proposal).values_list("original_name", flat=True)
    ) == ["调研报告.pdf", "园区照片.png"]

    page.get_by_role("button", name="删除附件 调研报告.pdf").click()
    expect(page.locator("#attachments")).to_contain_text("已删除附件“调研报告.pdf”")
    expect(page.locator("#attachments a", has_text="调研报告.pdf")).to_have_count(0)
    assert Attachment.objects.filter(proposal=proposal).count() == 1

    # The proposal form still saves itself, independently of the uploads.
    with page.expect_response(
        lambda r: (
            "/autosave/" in r.url
            and "三是培育龙头企业。" in unquote_plus(r.request.post_data or "")
        ),
        timeout=20_000,
    ):
        page.locator("#id_suggestions").press_sequentially("三是培育龙头企业。", delay=10)
        page.locator("#id_title").focus()  # leaving the field saves at once
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    proposal.refresh_from_db()
    assert "另据调查，" in proposal.analysis
    assert "三是培育龙头企业。" in proposal.suggestions
    assert Proposal.objects.count() == 1

    # On the detail page the file is a download under its own name.
    page.goto(f"/proposals/{proposal.pk}/")
    with page.expect_download() as caught:
        page.locator("#attachments a", has_text="园区照片.png").click()
    download = caught.value
    assert download.suggested_filename == "园区照片.png"
    assert Path(download.path()).read_bytes() == PNG
    assert_accessible(page)
    assert not csp, csp


def test_uploading_and_removing_without_javascript(
    no_js_page: Page, files: dict[str, Path]
) -> None:
    page = no_js_page
    w = factories.proposal_world()
    proposal = _draft(w)
    login(page, "member", factories.PASSWORD)
    page.goto(f"/proposals/{proposal.pk}/edit/")
    expect(page.locator("#attachments")).to_contain_text("请先点“保存草稿”")
    page.set_input_files("#id_attachment", str(files["调研报告.pdf"]))
    page.get_by_role("button", name="上传附件").click()
    page.wait_for_url(re.compile(rf"/proposals/{proposal.pk}/edit/#attachments$"))
    expect(page.locator(".messages")).to_contain_text("已上传附件“调研报告.pdf”")
    expect(page.locator("#attachments a", has_text="调研报告.pdf")).to_be_visible()

    page.set_input_files("#id_attachment", str(files["setup.exe"]))
    page.get_by_role("button", name="上传附件").click()
    expect(page.locator(".messages")).to_contain_text("不支持的文件类型：.exe")

    page.get_by_role("button", name="删除附件 调研报告.pdf").click()
    expect(page.locator(".messages")).to_contain_text("已删除附件“调研报告.pdf”")
    expect(page.locator("#attachments")).to_contain_text("还没有附件")
    assert not Attachment.objects.filter(proposal=proposal).exists()
