"""The whole 社情民意 chain through the pages, bad input, documents and list query counts."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ningju.notify.models import Notification
from ningju.opinions.choices import Status
from ningju.opinions.models import JournalIssue, Opinion, OpinionSettings
from ningju.performance.models import DutyKind, DutyRecord
from tests import opinions_factories as of

pytestmark = pytest.mark.django_db

BODY = {
    "contributor_kind": "member",
    "unit_name": "",
    "title": "关于延吉市冬季供热管网老化问题的情况和建议",
    "situation": "今冬以来，延吉市河南街道多个小区反映室温不达标。",
    "analysis": "供热管网多建于2000年前后，老化渗漏，热损失大。",
    "suggestion": "建议分年度改造老旧管网，并公开改造计划。",
    "source_note": "走访调研",
}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_whole_chain_through_the_pages(world) -> None:
    member, staff = _client(world["member"]), _client(world["staff"])

    # The member writes and submits.
    response = member.post(reverse("opinions:create"), {**BODY, "action": "save"})
    assert response.status_code == 302
    opinion = Opinion.objects.get(title=BODY["title"])
    response = member.post(
        reverse("opinions:edit", args=[opinion.pk]), {**BODY, "action": "submit"}
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Status.SUBMITTED
    assert Notification.objects.filter(recipient=world["staff"], event="opinion.submitted").exists()

    # The office screens and edits; the original stays.
    assert BODY["title"] in _text(staff.get(reverse("opinions:queue")))
    assert staff.post(reverse("opinions:screen", args=[opinion.pk])).status_code == 302
    response = staff.post(
        reverse("opinions:process", args=[opinion.pk]),
        {"edited_title": "延吉市老旧供热管网亟待改造", "edited_body": "第一段。\n第二段建议。"},
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Status.EDITED
    assert opinion.title == BODY["title"]
    assert opinion.situation == BODY["situation"]
    assert opinion.edited_title == "延吉市老旧供热管网亟待改造"

    # Compiled into a new issue, which is published.
    response = staff.post(reverse("opinions:compile", args=[opinion.pk]), {"issue": "new"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    issue = opinion.issue
    assert issue is not None
    assert issue.number == 1
    page = _text(staff.get(reverse("opinions:issue", args=[issue.pk])))
    assert "延吉市老旧供热管网亟待改造" in page
    assert staff.post(reverse("opinions:issue_publish", args=[issue.pk])).status_code == 302
    issue.refresh_from_db()
    assert issue.status == "published"

    # Reported to 省政协, adopted by 省政协 and a confidential 批示 with a scan.
    response = staff.post(
        reverse("opinions:report", args=[opinion.pk]),
        {"targets": ["provincial_cppcc", "party_committee"]},
    )
    assert response.status_code == 302
    response = staff.post(
        reverse("opinions:adopt", args=[opinion.pk]),
        {
            "level": "provincial_cppcc",
            "body": "省政协办公厅",
            "mode": "single",
            "adopted_on": "2026-01-10",
            "note": "",
        },
    )
    assert response.status_code == 302
    response = staff.post(
        reverse("opinions:instruct", args=[opinion.pk]),
        {
            "leader_level": "provincial",
            "leader_title": "副省长",
            "instructed_on": "2026-01-12",
            "text": "请省住建厅研究落实。",
            "scan": SimpleUploadedFile(
                "批示.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf"
            ),
            "is_confidential": "on",
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Status.ADOPTED

    # The member sees the feedback on their page and in notifications; duty records exist.
    page = _text(member.get(reverse("opinions:detail", args=[opinion.pk])))
    assert "省政协办公厅" in page
    assert "请省住建厅研究落实。" in page
    assert "省政协" in page
    mine = _text(member.get(reverse("opinions:mine")))
    assert "被采用1次" in mine
    assert "领导批示1件" in mine
    events = set(
        Notification.objects.filter(recipient=world["member"]).values_list("event", flat=True)
    )
    assert {
        "opinion.published",
        "opinion.reported",
        "opinion.adopted",
        "opinion.instructed",
    } <= events
    kinds = list(
        DutyRecord.objects.filter(member__user=world["member"], is_void=False)
        .order_by("kind")
        .values_list("kind", flat=True)
    )
    assert sorted(kinds) == sorted(
        [
            DutyKind.OPINION_SUBMITTED,
            DutyKind.OPINION_ADOPTED,  # 本级编发
            DutyKind.OPINION_ADOPTED,  # 省政协
            DutyKind.OPINION_INSTRUCTED,
        ]
    )
    # The confidential scan: the contributor and the office, nobody else.
    scan_url = re.search(r'href="(/opinions/instructions/\d+/scan/)"', page).group(1)  # type: ignore[union-attr]
    assert member.get(scan_url).status_code == 200
    assert staff.get(scan_url).status_code == 200
    assert _client(world["standing"]).get(scan_url).status_code == 404

    # The documents hold the edited text.
    docx = staff.get(reverse("opinions:issue_docx", args=[issue.pk]))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "社情民意" in text
    assert f"{issue.year}年第1期" in text
    assert "延吉市老旧供热管网亟待改造" in text
    assert "第二段建议。" in text
    assert "反映人：金哲洙" in text
    assert "报送：" in text
    assert "省政协" in text


def test_confidential_instruction_text_is_hidden_from_members_who_read_the_issue(world) -> None:
    from ningju.opinions import services

    opinion = of.published(world)
    services.opinion_instruct(
        acting_user=world["staff"],
        opinion=opinion,
        leader_level="prefecture_main",
        text="机密批示内容",
        is_confidential=True,
    )
    # Another member cannot open the item at all; a leader reads the item of the published
    # issue without the confidential text; the API shows the author the text.
    assert _client(world["standing"]).get(f"/opinions/{opinion.pk}/").status_code == 404
    leader_page = _client(world["chair"]).get(f"/opinions/{opinion.pk}/")
    assert leader_page.status_code == 200
    assert "老旧小区" in _text(leader_page)
    assert "机密批示内容" not in _text(leader_page)
    assert (
        _client(world["chair"]).get(f"/api/v1/opinions/{opinion.pk}").json()["instructions"] == []
    )
    data = _client(world["member"]).get(f"/api/v1/opinions/{opinion.pk}").json()
    assert data["instructions"][0]["text"] == "机密批示内容"


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams opened (font names live in object streams)."""
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_pdf_renders_the_issue(world) -> None:
    pytest.importorskip("weasyprint")
    from django.template.loader import render_to_string

    from ningju.opinions import documents

    opinion = of.published(world)
    assert opinion.issue is not None
    response = _client(world["staff"]).get(reverse("opinions:issue_pdf", args=[opinion.issue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"CJK" in _inflated(response.content)  # the Noto CJK face is embedded, not boxes
    # What WeasyPrint printed: the masthead, the number, the edited text and the byline.
    html = render_to_string(
        "opinions/documents/issue.html", {"doc": documents.issue_document(opinion.issue)}
    )
    for text in (
        "社情民意",
        "年第1期",
        "老旧小区加装电梯亟待破解协商和分摊难题",
        "第二段。",
        "反映人：金哲洙",
    ):
        assert text in html
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "老旧小区加装电梯亟待破解协商和分摊难题" in text


# --------------------------------------------------------------------------- bad input


def test_too_long_text_is_refused_next_to_the_field_and_kept(world) -> None:
    OpinionSettings.objects.create(organisation=world.prefecture, max_length=300)
    member = _client(world["member"])
    opinion = of.draft(world)
    long_text = "长" * 301
    response = member.post(
        reverse("opinions:edit", args=[opinion.pk]),
        {**BODY, "suggestion": long_text, "action": "submit"},
    )
    assert response.status_code == 400
    page = _text(response)
    assert "超过了 300 字的上限" in page
    assert long_text in page  # nothing typed is lost
    opinion.refresh_from_db()
    assert opinion.status == Status.DRAFT


def test_empty_fields_are_named(world) -> None:
    member = _client(world["member"])
    response = member.post(
        reverse("opinions:create"),
        {**BODY, "situation": "", "analysis": "", "suggestion": "", "action": "submit"},
    )
    assert response.status_code == 400
    page = _text(response)
    for message in ("请写明情况", "请写出原因分析", "请写出具体建议"):
        assert message in page
    assert Opinion.objects.get(title=BODY["title"]).status == Status.DRAFT


def test_unit_submission_needs_the_unit_name(world) -> None:
    response = _client(world["member"]).post(
        reverse("opinions:create"), {**BODY, "contributor_kind": "party", "action": "submit"}
    )
    assert response.status_code == 400
    assert "请填写反映单位名称" in _text(response)


def test_office_actions_refuse_bad_input_and_change_nothing(world) -> None:
    staff = _client(world["staff"])
    opinion = of.submitted(world)
    response = staff.post(reverse("opinions:return", args=[opinion.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "请写明理由" in _text(response)
    response = staff.post(
        reverse("opinions:process", args=[opinion.pk]), {"edited_title": "", "edited_body": "x"}
    )
    assert response.status_code == 400
    assert "请填写编辑后的标题" in _text(response)
    opinion.refresh_from_db()
    assert opinion.status == Status.SUBMITTED
    assert opinion.edited_body == ""

    published = of.published(world, "standing")
    response = staff.post(
        reverse("opinions:adopt", args=[published.pk]),
        {"level": "provincial_cppcc", "body": "", "mode": "single", "adopted_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "请填写采用单位" in _text(response)
    response = staff.post(
        reverse("opinions:adopt", args=[published.pk]),
        {
            "level": "provincial_cppcc",
            "body": "省政协",
            "mode": "single",
            "adopted_on": "2099-01-01",
        },
    )
    assert "日期不能晚于今天" in _text(response)
    response = staff.post(
        reverse("opinions:instruct", args=[published.pk]),
        {"leader_level": "provincial", "instructed_on": "2026-01-01", "text": ""},
    )
    assert "请填写批示内容，或上传批示扫描件" in _text(response)
    response = staff.post(reverse("opinions:report", args=[published.pk]), {})
    assert "请至少选择一个报送对象" in _text(response)
    published.refresh_from_db()
    assert published.status == Status.COMPILED
    assert not published.adoptions.exists()
    assert not published.instructions.exists()


def test_a_wrong_transition_says_so_and_changes_nothing(world) -> None:
    staff = _client(world["staff"])
    opinion = of.submitted(world)
    page = _text(staff.get(reverse("opinions:adopt", args=[opinion.pk])))
    assert "不能进行这项操作" in page
    response = staff.post(
        reverse("opinions:compile", args=[opinion.pk]), {"issue": "new"}
    )  # not edited yet
    assert response.status_code == 400
    assert "不能进行这项操作" in _text(response)
    assert not JournalIssue.objects.exists()  # the new issue was rolled back too
    opinion.refresh_from_db()
    assert opinion.status == Status.SUBMITTED


def test_returned_item_goes_back_with_the_reason_and_can_be_resubmitted(world) -> None:
    from ningju.opinions import services

    opinion = of.submitted(world)
    services.opinion_return(acting_user=world["staff"], opinion=opinion, reason="请补充具体数据")
    page = _text(_client(world["member"]).get(reverse("opinions:edit", args=[opinion.pk])))
    assert "请补充具体数据" in page
    services.opinion_submit(acting_user=world["member"], opinion=opinion)
    assert (
        DutyRecord.objects.filter(
            kind=DutyKind.OPINION_SUBMITTED, member__user=world["member"]
        ).count()
        == 1
    )


def test_merge_credits_both_contributors(world) -> None:
    from ningju.opinions import services

    lead = of.submitted(world, "member")
    other = of.submitted(world, "standing", title="关于加装电梯补贴的建议")
    response = _client(world["staff"]).post(
        reverse("opinions:merge", args=[other.pk]), {"into": str(lead.pk)}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Status.MERGED
    assert other.merged_into_id == lead.pk
    assert set(lead.contributors.values_list("member__user__username", flat=True)) == {
        "member",
        "standing",
    }
    services.opinion_edit(
        acting_user=world["staff"], opinion=lead, edited_title="t", edited_body="b"
    )
    # The merged contributor now sees the lead item.
    assert _client(world["standing"]).get(f"/opinions/{lead.pk}/").status_code == 200


def test_autosave_creates_then_updates_the_draft(world) -> None:
    member = _client(world["member"])
    response = member.post(reverse("opinions:create"), {**BODY}, HTTP_HX_REQUEST="true")
    assert "已自动保存" in _text(response)
    opinion = Opinion.objects.get(title=BODY["title"])
    assert response["HX-Replace-Url"] == reverse("opinions:edit", args=[opinion.pk])
    response = member.post(
        reverse("opinions:autosave", args=[opinion.pk]),
        {**BODY, "analysis": "补充的分析"},
        HTTP_HX_REQUEST="true",
    )
    opinion.refresh_from_db()
    assert opinion.analysis == "补充的分析"


# --------------------------------------------------------------------------- lists


def test_list_pages_have_a_fixed_number_of_queries(world, django_assert_max_num_queries) -> None:
    for index in range(6):
        of.published(world, "member" if index % 2 else "standing", title=f"关于第{index}件事的建议")
    for _index in range(4):
        of.submitted(world)
    staff, member = _client(world["staff"]), _client(world["member"])
    staff.get(reverse("opinions:queue"))  # warm the session
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("opinions:queue") + "?status=compiled").status_code == 200
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("opinions:queue")).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("opinions:issues")).status_code == 200
    issue = JournalIssue.objects.first()
    assert issue is not None
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("opinions:issue", args=[issue.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert member.get(reverse("opinions:mine")).status_code == 200
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("opinions:stats")).status_code == 200
    with django_assert_max_num_queries(14):
        assert member.get("/api/v1/opinions/mine").status_code == 200


def test_attachments_are_checked_kept_with_the_draft_and_served_as_downloads(world) -> None:
    member = _client(world["member"])
    opinion = of.draft(world)
    bad = member.post(
        reverse("opinions:attachment_add", args=[opinion.pk]),
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")},
    )
    assert bad.status_code == 400
    assert "不支持的文件类型" in _text(bad)
    good = member.post(
        reverse("opinions:attachment_add", args=[opinion.pk]),
        {
            "file": SimpleUploadedFile(
                "调研材料.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf"
            )
        },
    )
    assert good.status_code == 302
    attachment = opinion.attachments.get()
    download = member.get(reverse("opinions:attachment", args=[attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        _client(world["standing"])
        .get(reverse("opinions:attachment", args=[attachment.pk]))
        .status_code
        == 404
    )
    from ningju.opinions import services

    services.opinion_submit(acting_user=world["member"], opinion=opinion)
    # The office reads it; nobody can change the files of a submitted item.
    assert (
        _client(world["staff"])
        .get(reverse("opinions:attachment", args=[attachment.pk]))
        .status_code
        == 200
    )
    removed = member.post(reverse("opinions:attachment_remove", args=[attachment.pk]))
    assert removed.status_code == 302
    assert opinion.attachments.count() == 1


def test_reporting_a_whole_issue(world) -> None:
    first = of.published(world)
    assert first.issue is not None
    staff = _client(world["staff"])
    response = staff.post(
        reverse("opinions:issue_report", args=[first.issue.pk]),
        {"targets": ["party_committee", "government"]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.REPORTED
    assert sorted(first.reports.values_list("target", flat=True)) == [
        "government",
        "party_committee",
    ]
    again = staff.post(
        reverse("opinions:issue_report", args=[first.issue.pk]), {"targets": ["government"]}
    )
    assert again.status_code == 400
    assert "所选对象都已报送过" in _text(again)
    assert first.reports.count() == 2
