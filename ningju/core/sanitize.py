"""Rich text (articles, proposal bodies): one allow-list, applied when saved AND when rendered.

`clean_html` is the only way user-supplied HTML reaches a page. It runs when a form or
service stores rich text (`SanitizedHTMLField`) and again in templates (`|sanitized` from
`ningju_html`), so a row written before a rule was tightened, or by a path that forgot to
clean, is still safe when shown.

The allow-list (nh3 / ammonia):

- Block and inline text: p, br, strong, em, u, s, blockquote, ul, ol, li, h2, h3, h4
  (h1 belongs to the page, not the article).
- Tables: table, thead, tbody, tr, th, td; th/td may carry colspan/rowspan (1–99).
- Links: a with href and title. Schemes http, https and mailto only; relative links to our
  own pages stay, protocol-relative ones (`//host`) go; rel="noopener noreferrer" is forced
  and target is dropped.
- Images: img with src and alt. **src must be a root-relative path on this site**
  (`/media/…`, `/static/…`): no scheme, no host, no protocol-relative `//host`, no
  backslash, no `data:`. Images are uploaded through our own upload path, so external
  hot-links (tracking pixels, mixed content, content that changes after review) are refused;
  the Content-Security-Policy (`img-src 'self' data:`) would block them anyway.
- No style, class, id or event attribute on anything; no span/div/font (they would only carry
  styling). Comments are removed.
- The content of script, style, template, svg, math, iframe, object, embed, noscript,
  textarea, select, title, xmp, noembed and noframes is dropped with the element, so neither
  code nor hidden text survives. Every other unknown element is unwrapped: its text stays.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from django import forms

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "u",
        "s",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "noscript",
        "textarea",
        "select",
        "title",
        "xmp",
        "noembed",
        "noframes",
    }
)

# A root-relative path on this site: "/" followed by a path character that is not "/" or "\"
# (either would make it protocol-relative in a browser), then only URL-safe path characters.
_SAME_SITE_PATH = re.compile(r"/[A-Za-z0-9._~%!$&'()*+,;=:@-][A-Za-z0-9._~%!$&'()*+,;=:@/-]*")
_SAME_SITE_QUERY = re.compile(r"[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*")
_SPAN = re.compile(r"[1-9][0-9]?")
# Browsers skip leading spaces/controls and read "/" and "\" alike: "\t/\\host" is //host.
_PROTOCOL_RELATIVE = re.compile(r"[\x00-\x20]*[/\\][/\\]")


def _same_site_image(value: str) -> str | None:
    path, sep, query = value.partition("?")
    if not _SAME_SITE_PATH.fullmatch(path):
        return None
    if sep and not _SAME_SITE_QUERY.fullmatch(query):
        return None
    return value


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return _same_site_image(value)
    if element == "a" and attribute == "href" and _PROTOCOL_RELATIVE.match(value):
        return None  # protocol-relative: another site without saying which scheme
    if attribute in {"colspan", "rowspan"}:
        return value if _SPAN.fullmatch(value.strip()) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
)
_TEXT_ONLY = nh3.Cleaner(
    tags=set(),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={},
    strip_comments=True,
    link_rel=None,
)
# Line breaks where blocks end, so "<p>a</p><p>b</p>" becomes two lines, not "ab".
_BLOCK_END = re.compile(r"(?i)(<br\b|</(?:p|li|h[1-6]|blockquote|tr|div|table|ul|ol)\s*>)")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def clean_html(value: Any) -> str:
    """The rich text reduced to the allow-list above; safe to insert into a page."""
    if value is None:
        return ""
    return _CLEANER.clean(str(value))


def plain_text(value: Any) -> str:
    """Every tag removed (script/style content too) and entities decoded: plain text.

    The result is text, not HTML: it may contain "<" or "&" (as the reader typed them), so
    it must be escaped when put into a page (Django's autoescape does that). Use it for
    summaries, search indexes, notifications and spreadsheets.
    """
    if value is None:
        return ""
    marked = _BLOCK_END.sub(lambda m: "\n" + m.group(1), str(value))
    text = html.unescape(_TEXT_ONLY.clean(marked))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


class SanitizedHTMLField(forms.CharField):
    """A rich-text form field: whatever is submitted is cleaned with `clean_html`.

    max_length is checked against the submitted text; required is checked after cleaning,
    so a body that was nothing but a script counts as empty.
    """

    widget = forms.Textarea

    def clean(self, value: Any) -> str:
        cleaned = super().clean(value)
        sanitized = clean_html(cleaned)
        if self.required and not plain_text(sanitized) and "<img src=" not in sanitized:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return sanitized
