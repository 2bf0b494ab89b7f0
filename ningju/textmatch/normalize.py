"""Text normalisation shared by search and similarity (pure functions)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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
