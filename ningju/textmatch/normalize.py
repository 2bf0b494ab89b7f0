"""Text normalisation shared by search and similarity (pure functions)."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, full-width → half-width, trimmed."""
    if not text:
        return ""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).strip()


def search_variants(text: str) -> list[str]:
    """The query as typed and its simplified form (names stay as entered in records)."""
    typed = unicodedata.normalize("NFKC", text or "").strip()
    simplified = to_simplified(typed)
    return [typed] if simplified == typed else [typed, simplified]


# Tags whose end (or, for void tags, whose occurrence) separates text: without a break,
# "<p>延吉</p><p>图们</p>" would read as one word "延吉图们".
_BREAK_TAGS = (
    frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"})
    | frozenset({"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header"})
    | frozenset({"hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td"})
    | frozenset({"tfoot", "th", "thead", "tr", "ul"})
)
# Tags whose content is never text a person reads.
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})
_TAG_HINT = re.compile(r"<[a-zA-Z/!?]")
_WHITESPACE = re.compile(r"\s+")
# Invisible format characters (Unicode category Cf) that editors and pasted web text carry:
# soft hyphen, zero-width space/joiners, direction marks, word joiner, BOM.
_FORMAT_CHARS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BREAK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BREAK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """The readable text of an HTML fragment; entities decoded, script/style dropped.

    Plain text (no tag-like ``<``) only has its entities decoded, so a stray "<" or a
    formula such as "a<b" survives.
    """
    if not text:
        return ""
    if not _TAG_HINT.search(text):
        return html.unescape(text) if "&" in text else text
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def normalize(text: str) -> str:
    """The canonical form the matcher compares.

    HTML stripped and entities decoded, NFKC (full-width letters, digits and punctuation
    become half-width), invisible format characters (zero-width spaces, BOM) removed,
    traditional → simplified (OpenCC t2s), Latin lower-cased, whitespace collapsed to
    single spaces and trimmed.
    """
    if not text:
        return ""
    plain = unicodedata.normalize("NFKC", strip_html(text))
    simplified = _t2s().convert(_FORMAT_CHARS.sub("", plain)).lower()
    return _WHITESPACE.sub(" ", simplified).strip()
