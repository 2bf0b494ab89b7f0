"""Chinese segmentation with the curated Ningju lexicon (jieba, loaded once per process).

``tokens(text)`` is what the similarity index counts: normalised text, segmented with jieba
plus ``data/userdict.txt`` (政协 terms, Yanbian places, local industries), without stopwords
and punctuation, plus

* the dictionary words that begin or end a long word (close to jieba's search mode), so
  "延吉市" also counts as "延吉" and "延边黄牛" as "延边" and "黄牛";
* character bigrams (prefixed with ``BIGRAM_PREFIX``) over each run of content words, so a
  matter written with a word jieba does not know ("西市场", a new road name) or split
  differently still matches.

jieba needs about a second to build its prefix dictionary. The first call loads it (once,
under a lock); ``warm_up()`` lets a server do that at start-up instead of in a request.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .normalize import normalize

DATA_DIR = Path(__file__).resolve().parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"
STOPWORDS = DATA_DIR / "stopwords.txt"

BIGRAM_PREFIX = "~"
"""Marks a character bigram so it never collides with the two-character word it spells."""

# Where jieba keeps its prefix-dictionary cache (never inside site-packages).
CACHE_DIR_ENV = "NINGJU_JIEBA_CACHE_DIR"


class Kind(enum.IntEnum):
    """What a term is, for the re-ranking step of the similarity."""

    WORD = 0
    BIGRAM = 1
    PLACE = 2  # a named place: 延吉, 布尔哈通河, 圈河口岸 (user dictionary tag ns)
    ENTITY = 3  # a named thing: 长白山人参, 延边黄牛, 有事来商量 (tags nz, nt)
    NUMBER = 4  # contains a digit: 302国道's "302", "2024"


_ENTITY_TAGS = frozenset({"nz", "nt"})
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_ALNUM = re.compile(r"^[0-9a-z][0-9a-z.\-_]*$")
_DIGIT = re.compile(r"[0-9]")
# Characters that never start or end a meaningful bigram.
_STOP_CHARS = frozenset(
    "的了着过和与及或并而且但却则又也还都就才再更很最之其该此这那个些每各某是为以从在于对向把被由因如若即等我你他她它们"
)


@dataclass(frozen=True)
class _Lexicon:
    tokenizer: Any  # jieba.Tokenizer (untyped library)
    kinds: dict[str, Kind]
    stopwords: frozenset[str]


_lexicon: _Lexicon | None = None
_lexicon_lock = threading.Lock()


def _cache_dir() -> str:
    configured = os.environ.get(CACHE_DIR_ENV)
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "ningju-jieba"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return tempfile.gettempdir()
    return str(path)


def _read_user_kinds() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        tag = parts[2] if len(parts) > 2 else ""
        word = normalize(parts[0])
        if tag == "ns":
            kinds[word] = Kind.PLACE
        elif tag in _ENTITY_TAGS:
            kinds[word] = Kind.ENTITY
    return kinds


def _read_stopwords() -> frozenset[str]:
    words = set()
    for line in STOPWORDS.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(normalize(word))
    return frozenset(words)


def _load() -> _Lexicon:
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _cache_dir()
    tokenizer.initialize()
    tokenizer.load_userdict(str(USER_DICT))
    return _Lexicon(tokenizer=tokenizer, kinds=_read_user_kinds(), stopwords=_read_stopwords())


def _get() -> _Lexicon:
    global _lexicon
    lexicon = _lexicon
    if lexicon is None:
        with _lexicon_lock:
            if _lexicon is None:
                _lexicon = _load()
            lexicon = _lexicon
    return lexicon


def warm_up() -> None:
    """Load jieba and the lexicon now (about a second), e.g. when a worker starts."""
    _get()


def words(text: str) -> list[str]:
    """Normalised text segmented into words (stopwords and punctuation kept, spaces dropped)."""
    normalised = normalize(text)
    if not normalised:
        return []
    # HMM off: deterministic, about twice as fast, and unknown words are caught by bigrams.
    return [w for w in _get().tokenizer.lcut(normalised, HMM=False) if not w.isspace()]


def _is_content(word: str, stopwords: frozenset[str]) -> bool:
    return word not in stopwords and (
        _CJK.search(word) is not None or _ALNUM.match(word) is not None
    )


def _sub_words(word: str, freq: dict[str, int], stopwords: frozenset[str]) -> list[str]:
    # Only dictionary words at either end ("延吉市" → 延吉, "圈河口岸" → 口岸): inner
    # substrings are mostly accidents ("长白山人参" holds 山人 and 白山, neither meant).
    found = []
    for size in (2, 3):
        if len(word) <= size:
            break
        for part in (word[:size], word[-size:]):
            if freq.get(part) and part not in stopwords and part not in found:
                found.append(part)
    return found


def tokens(text: str) -> list[str]:
    """The terms the similarity index counts for ``text`` (see the module docstring)."""
    lexicon = _get()
    stopwords = lexicon.stopwords
    freq = lexicon.tokenizer.FREQ
    out: list[str] = []
    run: list[str] = []  # characters of consecutive CJK content words

    def flush() -> None:
        if len(run) > 1:
            for i in range(len(run) - 1):
                a, b = run[i], run[i + 1]
                if a not in _STOP_CHARS and b not in _STOP_CHARS:
                    out.append(BIGRAM_PREFIX + a + b)
        run.clear()

    for word in words(text):
        if not _is_content(word, stopwords):
            flush()
            continue
        if _CJK_ONLY.match(word):
            run.extend(word)
            if len(word) >= 2:
                out.append(word)
                if len(word) >= 3:
                    out.extend(_sub_words(word, freq, stopwords))
        else:
            flush()
            # Latin words and numbers; a lone digit is list numbering ("1、"), not content.
            if len(word) >= 2:
                out.append(word)
    flush()
    return out


def term_kind(term: str) -> Kind:
    """The kind of a term produced by ``tokens``."""
    if term.startswith(BIGRAM_PREFIX):
        return Kind.BIGRAM
    kind = _get().kinds.get(term)
    if kind is not None:
        return kind
    if _DIGIT.search(term):
        return Kind.NUMBER
    return Kind.WORD
