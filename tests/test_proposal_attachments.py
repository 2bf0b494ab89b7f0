"""Proposal attachments (附件): the author uploads and removes files on the edit page while
the proposal is editable; whoever may see the proposal downloads them, as attachments only,
and every change and download is audited."""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ningju.core.errors import DomainError
from ningju.core.models import AuditEvent
from ningju.proposals import services as s
from ningju.proposals.choices import ReviewOutcome, Status
from ningju.proposals.models import Attachment, Proposal
from tests import factories
from tests.test_proposal_member_pages import DURING_PLENARY, HTMX, _draft, client_for, text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A real 1×1 PNG: signature, IHDR, one IDAT, IEND.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    + _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff"))
    + _chunk(b"IEND", b"")
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
NAME_RE = re.compile(r"^proposals/(\d+)/(\d{4})/([0-9a-f]{32})$")


@pytest.fixture(autouse=True)
def _during_the_plenary() -> Any:
    with time_machine.travel(DURING_PLENARY):
        yield


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    # Whatever the browser declares is ignored: the server looks at the name and content.
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(prefix: str = "proposals") -> set[str]:
    """Every file the (in-memory) default storage holds under `prefix`."""
    try:
        dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return set()
    found = {f"{prefix}/{name}" for name in files}
    for directory in dirs:
        found |= stored_files(f"{prefix}/{directory}")
    return found


def add_url(proposal: Proposal) -> str:
    return reverse("proposals:attachment_add", args=[proposal.pk])


def download_url(attachment: Attachment) -> str:
    return reverse("proposals:attachment_download", args=[attachment.pk])


def remove_url(attachment: Attachment) -> str:
    return reverse("proposals:attachment_remove", args=[attachment.pk])


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _attach(
    w: factories.ProposalWorld, proposal: Proposal, name: str = "调研报告.pdf"
) -> Attachment:
    return s.attachment_add(acting_user=w["member"], proposal=proposal, upload=upload(name, PDF))


def _returned(w: factories.ProposalWorld) -> Proposal:
    proposal = _draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    s.review(
        acting_user=w["staff"],
        proposal=proposal,
        decision=s.ReviewDecision(ReviewOutcome.RETURN, comment="请补充数据来源。"),
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.RETURNED
    return proposal


# --------------------------------------------------------------------------- uploading


def test_author_uploads_a_pdf_and_a_png_and_both_are_listed(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = _draft(w)
    client = client_for(w["member"])
    edit_url = reverse("proposals:edit", args=[proposal.pk])

    # Without JavaScript: a plain multipart POST, then back to the edit page (PRG).
    response = client.post(add_url(proposal), {"attachment": upload("人参产业调研报告.pdf", PDF)})
    assert response.status_code == 302
    assert response["Location"] == edit_url + "#attachments"
    # With htmx only the panel comes back, with the new file in it.
    response = client.post(
        add_url(proposal), {"attachment": upload("园区照片.PNG", PNG, "text/html")}, **HTMX
    )
    assert response.status_code == 200
    panel = text(response)
    assert panel.lstrip().startswith('<section id="attachments"')
    assert "已上传附件“园区照片.PNG”。" in panel
    assert "人参产业调研报告.pdf" in panel
    assert "园区照片.PNG" in panel

    pdf, png = proposal.attachments.all()
    assert (pdf.original_name, pdf.content_type, pdf.size) == (
        "人参产业调研报告.pdf",
        "application/pdf",
        len(PDF),
    )
    # The type comes from the content, not from what the browser declared.
    assert (png.original_name, png.content_type, png.size) == (
        "园区照片.PNG",
        "image/png",
        len(PNG),
    )
    for attachment in (pdf, png):
        assert attachment.uploaded_by == w["member"]
        match = NAME_RE.match(attachment.file.name)
        assert match, attachment.file.name  # never the person's file name
        assert match.group(1) == str(w.prefecture.pk)
        assert match.group(2) == "2026"
    assert default_storage.open(pdf.file.name).read() == PDF
    added = AuditEvent.objects.filter(action="proposal.attachment_add").order_by("sequence")
    assert [e.after["name"] for e in added] == ["人参产业调研报告.pdf", "园区照片.PNG"]
    assert all(e.actor == w["member"] and e.object_id == str(proposal.pk) for e in added)

    edit_page = text(client.get(edit_url))
    for attachment in (pdf, png):
        assert download_url(attachment) in edit_page
        assert remove_url(attachment) in edit_page
    detail = text(client.get(reverse("proposals:detail", args=[proposal.pk])))
    assert download_url(pdf) in detail
    assert download_url(png) in detail
    assert remove_url(pdf) not in detail  # removing is done on the edit page only


def test_upload_form_sits_outside_the_proposal_form(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    html = text(client_for(w["member"]).get(reverse("proposals:edit", args=[proposal.pk])))
    main_start = html.index('class="stacked proposal-form"')
    main_end = html.index("</form>", main_start)  # forms cannot nest: the first end is its own
    main_form = html[main_start:main_end]
    assert 'name="attachment"' not in main_form
    assert reverse("proposals:attachment_add", args=[proposal.pk]) not in main_form
    upload_form = html[html.index(f'action="{add_url(proposal)}"') :]
    assert html.index(f'action="{add_url(proposal)}"') > main_end
    assert 'enctype="multipart/form-data"' in upload_form[: upload_form.index(">")]
    assert 'accept=".docx,.jpeg,.jpg,.pdf,.png,.xlsx"' in upload_form
    # The new-proposal page has nothing to attach to yet and says so.
    new_page = text(client_for(w["member"]).get(reverse("proposals:create")))
    assert "草稿保存后" in new_page
    assert 'name="attachment"' not in new_page


def test_upload_without_a_file_says_so(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    response = client_for(w["member"]).post(add_url(proposal), {}, follow=True)
    assert "请选择要上传的文件。" in text(response)
    assert not proposal.attachments.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "不支持的文件类型：.exe。"),
        ("调研报告.pdf", HTML, "文件内容与扩展名 .pdf 不符，请上传真实的 .pdf 文件。"),
        ("说明.html", HTML, "不支持的文件类型：.html。"),
        ("照片.png", PDF, "文件内容与扩展名 .png 不符，请上传真实的 .png 文件。"),
        ("空文件.pdf", b"", "上传的文件是空的。"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_wrong_files_are_refused_with_the_reason_and_nothing_is_stored(
    pworld: factories.ProposalWorld, name: str, content: bytes, message: str, htmx: bool
) -> None:
    w = pworld
    proposal = _draft(w)
    before = stored_files()
    client = client_for(w["member"])
    if htmx:
        response = client.post(add_url(proposal), {"attachment": upload(name, content)}, **HTMX)
        assert response.status_code == 200
        assert 'id="attachment-error"' in text(response)
    else:
        response = client.post(
            add_url(proposal), {"attachment": upload(name, content)}, follow=True
        )
        assert response.redirect_chain[-1][0].endswith("#attachments")
    assert message in text(response)
    assert not Attachment.objects.exists()
    assert stored_files() == before
    assert not AuditEvent.objects.filter(action="proposal.attachment_add").exists()


def test_a_sixth_file_is_refused(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    for n in range(Attachment.MAX_PER_PROPOSAL):
        _attach(w, proposal, f"材料{n + 1}.pdf")
    before = stored_files()
    client = client_for(w["member"])
    edit_page = text(client.get(reverse("proposals:edit", args=[proposal.pk])))
    assert 'name="attachment"' not in edit_page  # no room left: no upload form
    assert "已有 5 个附件，达到上限" in edit_page
    # A form posted anyway (an old tab) is refused by the service.
    response = client.post(add_url(proposal), {"attachment": upload("材料6.pdf", PDF)}, follow=True)
    assert "每件提案最多上传 5 个附件，请先删除不需要的附件。" in text(response)
    assert proposal.attachments.count() == 5
    assert stored_files() == before


def test_too_large_a_file_is_refused(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    before = stored_files()
    big = PDF + b"0" * (Attachment.MAX_BYTES + 1 - len(PDF))
    response = client_for(w["member"]).post(
        add_url(proposal), {"attachment": upload("大文件.pdf", big)}, **HTMX
    )
    assert "文件过大：最大 10 MB。" in text(response)
    assert not Attachment.objects.exists()
    assert stored_files() == before


def test_a_file_of_exactly_the_limit_is_accepted(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    exact = PDF + b"0" * (Attachment.MAX_BYTES - len(PDF))
    attachment = s.attachment_add(
        acting_user=w["member"], proposal=proposal, upload=upload("刚好.pdf", exact)
    )
    assert attachment.size == Attachment.MAX_BYTES


def test_service_turns_upload_problems_into_domain_errors(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = _draft(w)
    with pytest.raises(DomainError) as caught:
        s.attachment_add(acting_user=w["member"], proposal=proposal, upload=upload("a.exe", EXE))
    assert caught.value.field == "attachment"
    assert str(caught.value.message) == "不支持的文件类型：.exe。"
    # Only the author may add, even to a proposal others can see.
    submitted = _draft(w)
    s.submit(acting_user=w["member"], proposal=submitted)
    with pytest.raises(DomainError) as caught:
        s.attachment_add(acting_user=w["staff"], proposal=submitted, upload=upload("a.pdf", PDF))
    assert caught.value.code == "forbidden"


def test_long_and_odd_file_names_are_kept_safely(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    long_name = "很" * 250 + ".pdf"
    attachment = _attach(w, proposal, long_name)
    assert len(attachment.original_name) == 200
    assert attachment.original_name.endswith(".pdf")
    odd = _attach(w, proposal, "a\r\nb.pdf")
    assert odd.original_name == "ab.pdf"


# --------------------------------------------------------------------------- who may


def test_non_authors_may_not_upload_or_remove(pworld: factories.ProposalWorld) -> None:
    w = pworld
    draft = _draft(w)
    attachment = _attach(w, draft)
    # The draft is the author's alone: everyone else is told it does not exist.
    for username in ("standing", "staff", "chair", "county_staff", "unit_officer"):
        client = client_for(w[username])
        assert client.post(add_url(draft), {"attachment": upload("x.pdf", PDF)}).status_code == 404
        assert client.post(remove_url(attachment)).status_code == 404
    # A returned proposal is editable again; the office sees it but may not change its files.
    returned = _returned(w)
    kept = _attach(w, returned, "补充数据.pdf")
    staff = client_for(w["staff"])
    assert staff.post(add_url(returned), {"attachment": upload("x.pdf", PDF)}).status_code == 403
    assert staff.post(remove_url(kept)).status_code == 403
    assert set(Attachment.objects.values_list("pk", flat=True)) == {attachment.pk, kept.pk}


def test_uploads_and_removals_are_refused_once_submitted(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    attachment = _attach(w, proposal)
    s.submit(acting_user=w["member"], proposal=proposal)
    before = stored_files()
    client = client_for(w["member"])
    response = client.post(add_url(proposal), {"attachment": upload("迟到.pdf", PDF)})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    page = text(client.get(response["Location"]))
    assert "提案已提交，不能再添加或删除附件。" in page
    assert download_url(attachment) in page  # still there to read and download
    response = client.post(remove_url(attachment), follow=True)
    assert "提案已提交，不能再添加或删除附件。" in text(response)
    assert list(proposal.attachments.all()) == [attachment]
    assert stored_files() == before
    with pytest.raises(DomainError) as caught:
        s.attachment_add(acting_user=w["member"], proposal=proposal, upload=upload("b.pdf", PDF))
    assert caught.value.code == "not_editable"


def test_a_returned_proposal_takes_attachments_again(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _returned(w)
    response = client_for(w["member"]).post(
        add_url(proposal), {"attachment": upload("补充材料.pdf", PDF)}
    )
    assert response.status_code == 302
    assert proposal.attachments.get().original_name == "补充材料.pdf"


# --------------------------------------------------------------------------- removing


def test_author_removes_an_attachment_and_its_file(
    pworld: factories.ProposalWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = pworld
    proposal = _draft(w)
    keep = _attach(w, proposal, "保留.pdf")
    drop = _attach(w, proposal, "删除.pdf")
    stored = drop.file.name
    assert default_storage.exists(stored)
    client = client_for(w["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(drop), **HTMX)
    panel = text(response)
    assert "已删除附件“删除.pdf”。" in panel
    assert "保留.pdf" in panel
    assert download_url(drop) not in panel
    assert list(proposal.attachments.all()) == [keep]
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="proposal.attachment_remove")
    assert event.before["name"] == "删除.pdf"
    assert event.actor == w["member"]
    # Without JavaScript: back to the edit page.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(keep))
    assert response["Location"] == reverse("proposals:edit", args=[proposal.pk]) + "#attachments"
    assert not proposal.attachments.exists()
    # Gone means gone: a second press finds nothing.
    assert client.post(remove_url(keep)).status_code == 404


def test_remove_is_post_only(pworld: factories.ProposalWorld) -> None:
    w = pworld
    attachment = _attach(w, _draft(w))
    assert client_for(w["member"]).get(remove_url(attachment)).status_code == 405
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --------------------------------------------------------------------------- downloading


def test_download_gives_the_bytes_as_an_attachment_and_is_audited(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = _draft(w)
    pdf = _attach(w, proposal, "人参产业调研报告.pdf")
    png = s.attachment_add(
        acting_user=w["member"], proposal=proposal, upload=upload("照片.png", PNG)
    )
    client = client_for(w["member"])
    response = client.get(download_url(pdf))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('人参产业调研报告.pdf', safe='')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="proposal.attachment_download")
    assert event.actor == w["member"]
    assert event.object_id == str(proposal.pk)
    assert event.after == {"attachment": pdf.pk, "name": "人参产业调研报告.pdf"}

    response = client.get(download_url(png))
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_whoever_sees_the_proposal_may_download(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    attachment = _attach(w, proposal)
    s.submit(acting_user=w["member"], proposal=proposal)
    for username in ("member", "staff", "chair"):
        response = client_for(w[username]).get(download_url(attachment))
        assert response.status_code == 200, username
        assert body(response) == PDF
    detail = text(client_for(w["staff"]).get(reverse("proposals:detail", args=[proposal.pk])))
    assert download_url(attachment) in detail
    assert AuditEvent.objects.filter(action="proposal.attachment_download").count() == 3


def test_a_drafts_attachments_are_hidden_from_everyone_but_the_author(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    attachment = _attach(w, _draft(w))
    for username in ("staff", "chair", "standing", "pdirector", "unit_officer"):
        assert client_for(w[username]).get(download_url(attachment)).status_code == 404, username
    assert not AuditEvent.objects.filter(action="proposal.attachment_download").exists()


def test_another_organisation_gets_404(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    attachment = _attach(w, proposal)
    s.submit(acting_user=w["member"], proposal=proposal)
    for username in ("county_staff", "county_member"):
        client = client_for(w[username])
        missing = client.get(reverse("proposals:attachment_download", args=[999999]))
        forbidden = client.get(download_url(attachment))
        assert missing.status_code == forbidden.status_code == 404, username


def test_anonymous_is_sent_to_login(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    attachment = _attach(w, proposal)
    anonymous = Client()
    for response in (
        anonymous.get(download_url(attachment)),
        anonymous.post(add_url(proposal), {"attachment": upload("x.pdf", PDF)}),
        anonymous.post(remove_url(attachment)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert proposal.attachments.count() == 1
