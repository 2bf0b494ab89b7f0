"""Uploaded files: checked by extension AND content when received, served as attachments.

Later features (proposal attachments, article images, meeting materials) call
`validate_upload` in their form's clean method and keep the file in the `default` storage,
which lives outside the web root (never under STATIC_ROOT, never served by the web server
directly). Files go back to people only through a view that checks permission and returns
`protected_file_response`.

The type the browser declares (`file.content_type`) is never trusted: it is whatever the
client says. The extension must be allowed for the field, and the first bytes (or, for
docx/xlsx, the package's `[Content_Types].xml`) must match it.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
SNIFF_BYTES = 8192
# A docx/xlsx may inflate to this many times its size (and never past the absolute cap):
# beyond that it is a zip bomb, not a document.
MAX_INFLATION = 100
MAX_UNPACKED_BYTES = 200 * MB

MSG_EMPTY = _("上传的文件是空的。")
MSG_TOO_BIG = _("文件过大：最大 %(max)s MB。")
MSG_UNSUPPORTED = _("不支持的文件类型：%(ext)s。")
MSG_NO_EXTENSION = _("文件名缺少扩展名，无法判断文件类型。")
MSG_MISMATCH = _("文件内容与扩展名 %(ext)s 不符，请上传真实的 %(ext)s 文件。")
MSG_DAMAGED = _("文件已损坏或无法读取，请检查后重新上传。")
MSG_TEXT_ENCODING = _("文本文件须使用 UTF-8 编码。")
MSG_TEXT_MARKUP = _("文本文件中不能包含网页代码。")


@dataclass(frozen=True)
class FileKind:
    extension: str  # without the dot, lower case
    content_type: str  # what we serve it as


KINDS: dict[str, FileKind] = {
    kind.extension: kind
    for kind in (
        FileKind("pdf", "application/pdf"),
        FileKind("png", "image/png"),
        FileKind("jpg", "image/jpeg"),
        FileKind("jpeg", "image/jpeg"),
        FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        FileKind("txt", "text/plain; charset=utf-8"),
    )
}
# The main part each Office package must declare (macro-enabled variants are refused).
OFFICE_MAIN_PART = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# Content types we are willing to put on a response; anything else is served as bytes.
SAFE_CONTENT_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/octet-stream",
        *(kind.content_type.split(";")[0] for kind in KINDS.values()),
    }
)
# What browsers sniff as HTML/XML (WHATWG MIME sniffing); refused at the start of a .txt.
_MARKUP_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?[\t\n\x0c\r ]*<(?:!--|\?xml|!doctype\s+html|(?:html|head|body|script|"
    rb"iframe|h1|div|font|table|a|style|title|b|br|p|svg|img|object|embed)(?=[\s>/]))",
    re.IGNORECASE,
)


def _extension(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return ""
    return base.rsplit(".", 1)[-1].strip().lower()


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return int(size)


def _head(file: Any, count: int) -> bytes:
    file.seek(0)
    data = file.read(count)
    file.seek(0)
    return bytes(data or b"")


def _format_mb(max_bytes: int) -> str:
    return f"{max_bytes / MB:.1f}".rstrip("0").rstrip(".")


def _office_package_matches(file: Any, extension: str, size: int) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > min(MAX_UNPACKED_BYTES, max(size, 1) * MAX_INFLATION):
                raise ValidationError(MSG_DAMAGED, code="damaged")
            try:
                types = archive.read("[Content_Types].xml")
            except KeyError:
                return False
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ValidationError(MSG_DAMAGED, code="damaged") from exc
    finally:
        file.seek(0)
    return OFFICE_MAIN_PART[extension].encode() in types


def _text_ok(file: Any, extension: str) -> None:
    file.seek(0)
    data = bytes(file.read() or b"")
    file.seek(0)
    if b"\x00" in data:
        raise ValidationError(MSG_MISMATCH, code="mismatch", params={"ext": f".{extension}"})
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(MSG_TEXT_ENCODING, code="encoding") from exc
    if _MARKUP_START.match(data[:SNIFF_BYTES]):
        raise ValidationError(MSG_TEXT_MARKUP, code="markup")


def _content_matches(file: Any, extension: str, size: int) -> bool:
    head = _head(file, SNIFF_BYTES)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension in OFFICE_MAIN_PART:
        return head.startswith(b"PK\x03\x04") and _office_package_matches(file, extension, size)
    if extension == "txt":
        _text_ok(file, extension)
        return True
    return False


def validate_upload(file: Any, *, allowed: set[str], max_bytes: int) -> FileKind:
    """Refuse the upload unless its extension is allowed and its content matches it.

    `allowed` holds extensions without the dot ("pdf", "docx", "png", …) from `KINDS`.
    Returns the kind, whose content_type is the one to store and serve. Raises Django's
    ValidationError with a message for the person uploading.
    """
    allowed = {ext.lower().lstrip(".") for ext in allowed}
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"validate_upload cannot check these types: {sorted(unknown)}")
    extension = _extension(getattr(file, "name", "") or "")
    if not extension:
        raise ValidationError(MSG_NO_EXTENSION, code="no_extension")
    if extension not in allowed:
        raise ValidationError(
            MSG_UNSUPPORTED, code="unsupported", params={"ext": f".{extension}"[:20]}
        )
    size = _size(file)
    if size <= 0:
        raise ValidationError(MSG_EMPTY, code="empty")
    if size > max_bytes:
        raise ValidationError(MSG_TOO_BIG, code="too_big", params={"max": _format_mb(max_bytes)})
    if not _content_matches(file, extension, size):
        raise ValidationError(MSG_MISMATCH, code="mismatch", params={"ext": f".{extension}"})
    return KINDS[extension]


def safe_content_type(content_type: str | None) -> str:
    """The content type to serve: known harmless types only, never HTML, SVG or XML."""
    main = (content_type or "").split(";", 1)[0].strip().lower()
    if main not in SAFE_CONTENT_TYPES:
        return "application/octet-stream"
    if main in {"text/plain", "text/csv"}:
        return f"{main}; charset=utf-8"
    return main


def _ascii_fallback(filename: str) -> str:
    """A plain ASCII filename for clients that ignore filename*; keeps the extension."""
    normalised = unicodedata.normalize("NFKD", filename)
    ascii_name = normalised.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._")
    extension = _extension(filename)
    if not ascii_name or ascii_name == extension:
        ascii_name = f"download.{extension}" if extension else "download"
    return ascii_name[:150]


def _clean_filename(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # no CR/LF, NUL…
    return name.strip().strip(".") or "download"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII filename and the RFC 5987 filename* for the real name."""
    name = _clean_filename(filename)
    fallback = _ascii_fallback(name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def protected_file_response(
    fileobj: IO[bytes], *, filename: str, content_type: str | None
) -> FileResponse:
    """Serve a stored upload: always a download, never rendered or sniffed by the browser.

    Call only after the view has checked that the requester may see the file.
    """
    response = FileResponse(fileobj, content_type=safe_content_type(content_type))
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)  # protected files may hold personal data
    return response
