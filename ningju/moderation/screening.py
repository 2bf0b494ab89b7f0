"""The content filter's judgement, as pure functions over text and a word list.

Signals, each with a reason a reviewer can act on:
- a listed term of weight "block";
- two different "suspect" terms, or one together with another sign below;
- many links (link farms), or a list of short link-like segments separated by "|"
  (the shape of an injected SEO footer);
- markup that hides text or runs script (content meant for crawlers, not readers).

Matching is done on a compact form of the text: HTML stripped, Traditional → simplified,
full-width → half-width, lower-cased, and everything but letters and digits removed, so
"久 草", "久*草" and "久草" are the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ningju.textmatch.normalize import normalize, to_simplified

TERMS_FILE = Path(__file__).parent / "data" / "terms.tsv"
BLOCK = "block"
SUSPECT = "suspect"
LINK_LIMIT = 3  # links in one text before it looks like a link farm
LINK_LIST_MIN_SEGMENTS = 5  # "a | b | c | d | e" on one line

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|cn|top|xyz|vip|cc|info|me|tk)\b",
    re.IGNORECASE,
)
_HREF = re.compile(r"<a\b[^>]*\bhref\s*=", re.IGNORECASE)
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|<\s*script\b|<\s*iframe\b"
    r"|<\s*marquee\b|\bon[a-z]+\s*=\s*[\"']|javascript\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    text: str  # compact form
    category: str
    weight: str


@dataclass
class Findings:
    """What the filter saw; `ningju.moderation.services` turns it into reviewer reasons."""

    block_terms: dict[str, list[str]] = field(default_factory=dict)  # category → terms
    suspect_terms: dict[str, list[str]] = field(default_factory=dict)
    links: int = 0
    link_list: bool = False
    hidden_markup: bool = False

    @property
    def suspect_count(self) -> int:
        return sum(len(terms) for terms in self.suspect_terms.values())

    @property
    def flagged(self) -> bool:
        spam_shape = self.links >= LINK_LIMIT or self.link_list
        return bool(
            self.block_terms
            or self.suspect_count >= 2
            or (self.suspect_count == 1 and (spam_shape or self.links > 0))
            or spam_shape
            or self.hidden_markup
        )


def compact(text: str) -> str:
    """Letters and digits only, simplified and lower-cased (see the module docstring)."""
    plain = normalize(text)
    return "".join(ch for ch in plain if unicodedata.category(ch)[0] in "LN")


def parse_terms(lines: list[str]) -> list[Term]:
    terms = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        text = compact(parts[0])
        if not text:
            continue
        category = parts[1].strip() if len(parts) > 1 else "other"
        weight = parts[2].strip() if len(parts) > 2 else BLOCK
        terms.append(Term(text, category, SUSPECT if weight == SUSPECT else BLOCK))
    return terms


@lru_cache(maxsize=1)
def shipped_terms() -> tuple[Term, ...]:
    return tuple(parse_terms(TERMS_FILE.read_text(encoding="utf-8").splitlines()))


def _is_link_list(text: str) -> bool:
    for line in to_simplified(text).splitlines():
        segments = [s.strip() for s in re.split(r"[|｜]", line)]
        if len(segments) < LINK_LIST_MIN_SEGMENTS:
            continue
        short = [s for s in segments if s and len(s) <= 20]
        if len(short) >= LINK_LIST_MIN_SEGMENTS and len(short) >= 0.8 * len(segments):
            return True
    return False


def examine(text: str, terms: tuple[Term, ...] | list[Term]) -> Findings:
    findings = Findings()
    if not text:
        return findings
    body = compact(text)
    for term in terms:
        if term.text and term.text in body:
            bucket = findings.block_terms if term.weight == BLOCK else findings.suspect_terms
            found = bucket.setdefault(term.category, [])
            if term.text not in found:
                found.append(term.text)
    findings.links = len(_URL.findall(text)) + len(_HREF.findall(text))
    findings.link_list = _is_link_list(text)
    findings.hidden_markup = bool(_HIDDEN.search(text))
    return findings
