"""Upload checks (extension AND content, size) and the protected download response."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ningju.core.uploads import (
    FileKind,
    content_disposition,
    protected_file_response,
    safe_content_type,
    validate_upload,
)
from ningju.members import importing

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
DOCUMENTS = {"pdf", "docx", "xlsx", "png", "jpg", "jpeg", "txt"}


def _office(main_type: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/main.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


DOCX = _office("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSM = _office("application/vnd.ms-excel.sheet.macroEnabled.main+xml")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refused(name: str, content: bytes, *, allowed: set[str] = DOCUMENTS, max_bytes: int = 10**6):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), allowed=allowed, max_bytes=max_bytes)
    error = caught.value
    return error.code, error.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("提案附件.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        (
            "材料.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("说明.txt", "会议说明：下午两点。\n".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_real_files_are_accepted(name: str, content: bytes, content_type: str) -> None:
    file = upload(name, content)
    kind = validate_upload(file, allowed=DOCUMENTS, max_bytes=10**6)
    assert isinstance(kind, FileKind)
    assert kind.content_type == content_type
    assert file.read() == content  # the check leaves the file at the start


def test_the_import_template_is_a_real_xlsx(db: None) -> None:
    from tests import factories

    org = factories.organisation("t", "测试政协")
    kind = validate_upload(
        upload("模板.xlsx", importing.build_template(org)), allowed={"xlsx"}, max_bytes=10**7
    )
    assert kind.extension == "xlsx"


def test_a_png_renamed_pdf_is_refused() -> None:
    code, message = refused("合同.pdf", PNG)
    assert code == "mismatch"
    assert message == "文件内容与扩展名 .pdf 不符，请上传真实的 .pdf 文件。"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", JPEG),
        ("photo.jpg", PNG),
        ("doc.docx", PDF),
        ("doc.docx", XLSM),  # a zip, but not a Word document
        ("sheet.xlsx", DOCX),
        ("sheet.xlsx", XLSM),  # macro-enabled workbook renamed
        ("a.txt", PNG),  # binary
        ("a.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_content_must_match_the_extension(name: str, content: bytes) -> None:
    code, _message = refused(name, content)
    assert code in {"mismatch", "damaged"}


@pytest.mark.parametrize("name", ["page.html", "page.htm", "image.svg", "run.exe", "x.xhtml"])
def test_html_and_other_types_are_refused_by_name(name: str) -> None:
    code, message = refused(name, b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert code == "unsupported"
    assert message == f"不支持的文件类型：.{name.rsplit('.', 1)[1]}。"


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"  <script>alert(1)</script>",
        b"\xef\xbb\xbf<svg onload=alert(1)>",
        b"<?xml version='1.0'?><x/>",
        b"<!-- --><img src=x onerror=alert(1)>",
    ],
)
def test_an_html_file_renamed_txt_is_refused(content: bytes) -> None:
    code, message = refused("readme.txt", content)
    assert code == "markup"
    assert message == "文本文件中不能包含网页代码。"


def test_text_must_be_utf8() -> None:
    code, message = refused("gbk.txt", "中文".encode("gbk"))
    assert code == "encoding"
    assert message == "文本文件须使用 UTF-8 编码。"


def test_size_limit_and_empty_files() -> None:
    code, message = refused("big.pdf", PDF + b"0" * 2 * 1024 * 1024, max_bytes=2 * 1024 * 1024)
    assert code == "too_big"
    assert message == "文件过大：最大 2 MB。"
    _code, message = refused("big.pdf", PDF + b"0" * 600 * 1024, max_bytes=512 * 1024)
    assert message == "文件过大：最大 0.5 MB。"
    code, message = refused("empty.pdf", b"")
    assert (code, message) == ("empty", "上传的文件是空的。")


def test_extension_must_be_allowed_for_the_field() -> None:
    code, message = refused("photo.png", PNG, allowed={"pdf"})
    assert (code, message) == ("unsupported", "不支持的文件类型：.png。")
    code, _message = refused("noextension", PDF)
    assert code == "no_extension"
    with pytest.raises(ValueError, match="cannot check"):
        validate_upload(upload("a.svg", b"<svg/>"), allowed={"svg"}, max_bytes=10)


def test_zip_bombs_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        )
        archive.writestr("word/bomb.xml", b"0" * 20 * 1024 * 1024)
    code, _message = refused("bomb.docx", buffer.getvalue())
    assert code == "damaged"


def test_messages_are_translated() -> None:
    with translation.override("ko"), pytest.raises(ValidationError) as caught:
        validate_upload(upload("a.exe", b"MZ"), allowed={"pdf"}, max_bytes=10)
    assert caught.value.messages[0]  # whatever the catalogue says; never a crash


# --- Serving ---------------------------------------------------------------------------------


def test_protected_response_is_a_download_with_a_chinese_name() -> None:
    response = protected_file_response(
        io.BytesIO(PDF), filename="关于加强民族团结的提案.pdf", content_type="application/pdf"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''" in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "关于加强民族团结的提案.pdf"
    assert disposition.isascii()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("declared", "served"),
    [
        ("text/html", "application/octet-stream"),
        ("text/html; charset=utf-8", "application/octet-stream"),
        ("image/svg+xml", "application/octet-stream"),
        ("application/xhtml+xml", "application/octet-stream"),
        ("text/xml", "application/octet-stream"),
        ("application/javascript", "application/octet-stream"),
        ("", "application/octet-stream"),
        (None, "application/octet-stream"),
        ("IMAGE/PNG", "image/png"),
        ("text/plain", "text/plain; charset=utf-8"),
        ("text/plain; charset=gbk", "text/plain; charset=utf-8"),
    ],
)
def test_served_content_types_are_safe(declared: str | None, served: str) -> None:
    assert safe_content_type(declared) == served


def test_filenames_cannot_inject_headers_or_paths() -> None:
    header = content_disposition('../../etc/pa"ss\r\nSet-Cookie: x=1.txt')
    assert "\r" not in header
    assert "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "pa_ssSet-Cookie_x_1.txt"
    assert unquote(header.split("UTF-8''", 1)[1]) == 'pa"ssSet-Cookie: x=1.txt'
    assert 'filename="download.pdf"' in content_disposition("提案.pdf")
    assert 'filename="download"' in content_disposition("")
