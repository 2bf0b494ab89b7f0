"""An in-memory index of proposals for "similar proposals" lookups.

    index = ProposalIndex()
    index.add(17, "关于缓解延吉西市场周边停车难的建议", "…")
    index.query(title, body, top=5, exclude_id=17)   # [(id, score), …], best first

How a lookup works (the score itself is described in ``similarity``):

1. The query is segmented (``segment.tokens``) into weighted terms.
2. **Candidates** come from an inverted index (term → proposals, stored as flat numpy
   arrays): the query's terms are taken rarest first until ``postings_budget`` postings have
   been read, an approximate cosine is accumulated for every proposal they reach, and the
   best ``candidate_limit`` are kept. The common terms left out barely move a cosine, and the
   budget caps the work per lookup whatever the size of the index.
3. The candidates, and every proposal added since the inverted index was last built, are
   **scored exactly** (cosine with current IDF, specific-term overlap, place conflict), and the
   best ``top`` are returned.

Proposals added one by one wait in a small "pending" set that every lookup scores directly;
the inverted index is rebuilt once more than ``pending_limit`` of them (or many removals) have
accumulated, and after ``add_many``. All methods are thread-safe (one lock).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from . import segment
from .similarity import (
    DEFAULT_WEIGHTS,
    WIDE_PLACE,
    WIDE_PLACES,
    Weights,
    combine,
    idf,
    specificity,
    term_frequencies,
)

Int32Array = npt.NDArray[np.int32]
Float32Array = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]

_EMPTY_TERMS: Int32Array = np.zeros(0, dtype=np.int32)
_EMPTY_TF: Float32Array = np.zeros(0, dtype=np.float32)


class ProposalIndex:
    """Proposals by id, searchable for near-duplicates. Ids are any hashable values."""

    def __init__(
        self,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
        candidate_limit: int = 300,
        postings_budget: int = 300_000,
        pending_limit: int = 1_000,
    ) -> None:
        self.weights = weights
        self.candidate_limit = candidate_limit
        self.postings_budget = postings_budget
        self.pending_limit = pending_limit
        self._boosts = weights.kind_boosts()
        self._lock = threading.RLock()
        # Terms.
        self._vocab: dict[str, int] = {}
        self._df: Int32Array = np.zeros(1024, dtype=np.int32)
        self._kind: npt.NDArray[np.int8] = np.zeros(1024, dtype=np.int8)
        # Proposals, by slot (a dense position; renumbered when the inverted index is rebuilt).
        self._ids: list[Hashable] = []
        self._terms: list[Int32Array] = []
        self._tf: list[Float32Array] = []
        self._alive: list[bool] = []
        self._slot_of: dict[Hashable, int] = {}
        self._dead = 0
        # Inverted index over slots [0, _base_end): term t's postings are
        # _post_slot[_post_ptr[t]:_post_ptr[t + 1]] with values tf·idf/‖d‖ at build time.
        self._base_end = 0
        self._base_alive: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self._post_ptr: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._post_slot: Int32Array = _EMPTY_TERMS
        self._post_val: Float32Array = _EMPTY_TF

    # ------------------------------------------------------------------ writing

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, proposal_id: object) -> bool:
        return proposal_id in self._slot_of

    def add(self, proposal_id: Hashable, title: str, body: str) -> None:
        """Add a proposal, or replace the one with this id."""
        self.add_tokens(proposal_id, segment.tokens(title), segment.tokens(body))

    def add_tokens(
        self, proposal_id: Hashable, title_tokens: Sequence[str], body_tokens: Sequence[str]
    ) -> None:
        """Add a proposal already segmented with ``segment.tokens`` (e.g. stored tokens)."""
        weights = term_frequencies(
            title_tokens, body_tokens, title_weight=self.weights.title_weight
        )
        with self._lock:
            if proposal_id in self._slot_of:
                self._remove_locked(proposal_id)
            term_ids = np.fromiter(
                (self._term_id(term) for term in weights), dtype=np.int32, count=len(weights)
            )
            tf = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
            order = np.argsort(term_ids)
            term_ids, tf = term_ids[order], tf[order]
            self._df[term_ids] += 1
            self._slot_of[proposal_id] = len(self._ids)
            self._ids.append(proposal_id)
            self._terms.append(term_ids)
            self._tf.append(tf)
            self._alive.append(True)

    def add_many(self, items: Iterable[tuple[Hashable, str, str]]) -> None:
        """Add ``(id, title, body)`` items, then rebuild the inverted index once."""
        for proposal_id, title, body in items:
            self.add(proposal_id, title, body)
        self.compact()

    def remove(self, proposal_id: Hashable) -> bool:
        """Remove a proposal; False if the id was not in the index."""
        with self._lock:
            if proposal_id not in self._slot_of:
                return False
            self._remove_locked(proposal_id)
            return True

    def compact(self) -> None:
        """Rebuild the inverted index over every live proposal (done automatically too)."""
        with self._lock:
            self._compact_locked()

    # ------------------------------------------------------------------ reading

    def query(
        self,
        title: str,
        body: str,
        *,
        top: int = 5,
        exclude_id: Hashable | None = None,
        min_score: float = 0.0,
    ) -> list[tuple[Hashable, float]]:
        """The ``top`` stored proposals most similar to this text, best first.

        Scores are in [0, 1]; only scores above ``min_score`` are returned, ties in insertion
        order. ``exclude_id`` leaves out one proposal (the one being reviewed).
        """
        return self.query_tokens(
            segment.tokens(title),
            segment.tokens(body),
            top=top,
            exclude_id=exclude_id,
            min_score=min_score,
        )

    def query_tokens(
        self,
        title_tokens: Sequence[str],
        body_tokens: Sequence[str],
        *,
        top: int = 5,
        exclude_id: Hashable | None = None,
        min_score: float = 0.0,
    ) -> list[tuple[Hashable, float]]:
        """``query`` for text already segmented with ``segment.tokens``."""
        if top <= 0:
            return []
        weights = term_frequencies(
            title_tokens, body_tokens, title_weight=self.weights.title_weight
        )
        with self._lock:
            if self._needs_compaction():
                self._compact_locked()
            exclude = self._slot_of.get(exclude_id) if exclude_id is not None else None
            slots, scores = self._score_locked(weights, exclude)
            if not len(slots):
                return []
            keep = scores > min_score
            slots, scores = slots[keep], scores[keep]
            order = np.lexsort((slots, -scores))[:top]
            return [(self._ids[int(slots[i])], float(scores[i])) for i in order]

    def stats(self) -> dict[str, int]:
        """Sizes, for operations: proposals, terms, postings and bytes held in numpy arrays."""
        with self._lock:
            array_bytes = (
                sum(t.nbytes + f.nbytes for t, f in zip(self._terms, self._tf, strict=True))
                + self._df.nbytes
                + self._kind.nbytes
                + self._post_ptr.nbytes
                + self._post_slot.nbytes
                + self._post_val.nbytes
            )
            return {
                "proposals": len(self._slot_of),
                "terms": len(self._vocab),
                "postings": len(self._post_slot),
                "pending": len(self._ids) - self._base_end,
                "array_bytes": int(array_bytes),
            }

    # ------------------------------------------------------------------ internals

    def _term_id(self, term: str) -> int:
        term_id = self._vocab.get(term)
        if term_id is None:
            term_id = len(self._vocab)
            if term_id >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros_like(self._df)])
                self._kind = np.concatenate([self._kind, np.zeros_like(self._kind)])
            kind = int(segment.term_kind(term))
            if kind == segment.Kind.PLACE and term in WIDE_PLACES:
                kind = WIDE_PLACE
            self._kind[term_id] = kind
            self._vocab[term] = term_id
        return term_id

    def _remove_locked(self, proposal_id: Hashable) -> None:
        slot = self._slot_of.pop(proposal_id)
        self._df[self._terms[slot]] -= 1
        self._alive[slot] = False
        if slot < self._base_end:
            self._base_alive[slot] = False
        self._terms[slot] = _EMPTY_TERMS
        self._tf[slot] = _EMPTY_TF
        self._dead += 1

    def _needs_compaction(self) -> bool:
        pending = len(self._ids) - self._base_end
        return pending > self.pending_limit or self._dead > max(1_000, len(self._ids) // 4)

    def _compact_locked(self) -> None:
        live = [slot for slot, alive in enumerate(self._alive) if alive]
        self._ids = [self._ids[slot] for slot in live]
        self._terms = [self._terms[slot] for slot in live]
        self._tf = [self._tf[slot] for slot in live]
        self._alive = [True] * len(live)
        self._slot_of = {proposal_id: slot for slot, proposal_id in enumerate(self._ids)}
        self._dead = 0
        self._base_end = len(live)
        self._base_alive = np.ones(len(live), dtype=bool)
        n_terms = len(self._vocab)
        if not live:
            self._post_ptr = np.zeros(n_terms + 1, dtype=np.int64)
            self._post_slot, self._post_val = _EMPTY_TERMS, _EMPTY_TF
            return
        lengths = np.fromiter((len(t) for t in self._terms), dtype=np.int64, count=len(live))
        terms = np.concatenate(self._terms)
        doc = np.repeat(np.arange(len(live), dtype=np.int32), lengths)
        weighted = np.concatenate(self._tf).astype(np.float64) * idf(self._df[terms], len(live))
        norms = np.sqrt(np.bincount(doc, weights=weighted * weighted, minlength=len(live)))
        values = (weighted / np.maximum(norms[doc], 1e-12)).astype(np.float32)
        order = np.argsort(terms, kind="stable")
        self._post_slot = doc[order]
        self._post_val = values[order]
        ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=n_terms), out=ptr[1:])
        self._post_ptr = ptr

    def _candidates_locked(
        self, term_ids: Int32Array, query_weights: FloatArray, exclude: int | None
    ) -> Int32Array:
        """Slots worth scoring exactly: best approximate matches plus every pending slot."""
        n_base_terms = len(self._post_ptr) - 1
        in_base = term_ids < n_base_terms
        base_terms, base_weights = term_ids[in_base], query_weights[in_base]
        starts = self._post_ptr[base_terms]
        lengths = self._post_ptr[base_terms + 1] - starts
        # Rarest first (shortest postings); the three rarest always, then within the budget.
        order = np.argsort(lengths, kind="stable")
        within = np.cumsum(lengths[order]) <= self.postings_budget
        within[:3] = True
        chosen = order[within]
        found: list[Int32Array] = []
        if len(chosen) and self._base_end:
            slot_parts = [
                self._post_slot[s : s + n]
                for s, n in zip(starts[chosen], lengths[chosen], strict=True)
            ]
            value_parts = [
                self._post_val[s : s + n] * w
                for s, n, w in zip(
                    starts[chosen], lengths[chosen], base_weights[chosen], strict=True
                )
            ]
            slots = np.concatenate(slot_parts)
            approx = np.bincount(
                slots, weights=np.concatenate(value_parts), minlength=self._base_end
            )
            if self._dead:
                approx[~self._base_alive] = 0.0
            if exclude is not None and exclude < self._base_end:
                approx[exclude] = 0.0
            positive = np.flatnonzero(approx > 0.0)
            if len(positive) > self.candidate_limit:
                best = np.argpartition(-approx[positive], self.candidate_limit - 1)
                positive = positive[best[: self.candidate_limit]]
            found.append(positive.astype(np.int32))
        pending = [
            slot
            for slot in range(self._base_end, len(self._ids))
            if self._alive[slot] and slot != exclude
        ]
        if pending:
            found.append(np.asarray(pending, dtype=np.int32))
        if not found:
            return _EMPTY_TERMS
        return np.concatenate(found)

    def _score_locked(
        self, weights: dict[str, float], exclude: int | None
    ) -> tuple[Int32Array, FloatArray]:
        n_docs = len(self._slot_of)
        if not n_docs or not weights:
            return _EMPTY_TERMS, np.zeros(0)
        vocab = self._vocab
        known_terms, known_tf, unknown_tf = [], [], []
        for term, weight in weights.items():
            term_id = vocab.get(term)
            if term_id is not None and self._df[term_id] > 0:
                known_terms.append(term_id)
                known_tf.append(weight)
            else:
                unknown_tf.append(weight)
        if not known_terms:
            return _EMPTY_TERMS, np.zeros(0)
        q_terms = np.asarray(known_terms, dtype=np.int32)
        order = np.argsort(q_terms)
        q_terms = q_terms[order]
        q_df = self._df[q_terms]
        q_idf = idf(q_df, n_docs)
        q_weighted = np.asarray(known_tf, dtype=np.float64)[order] * q_idf
        unknown_weighted = np.asarray(unknown_tf, dtype=np.float64) * idf(0, n_docs)
        q_norm = float(np.sqrt(q_weighted @ q_weighted + unknown_weighted @ unknown_weighted))

        candidates = self._candidates_locked(q_terms, q_weighted, exclude)
        if not len(candidates):
            return _EMPTY_TERMS, np.zeros(0)

        # Exact scoring of every candidate, flattened: one row per (candidate, term) pair.
        lengths = np.fromiter(
            (len(self._terms[s]) for s in candidates), dtype=np.int64, count=len(candidates)
        )
        terms = np.concatenate([self._terms[s] for s in candidates])
        tf = np.concatenate([self._tf[s] for s in candidates]).astype(np.float64)
        row = np.repeat(np.arange(len(candidates)), lengths)
        n = len(candidates)
        df = self._df[terms]
        weighted = tf * idf(df, n_docs)
        norms = np.sqrt(np.bincount(row, weights=weighted * weighted, minlength=n))
        position = np.searchsorted(q_terms, terms)
        position[position >= len(q_terms)] = 0
        shared = q_terms[position] == terms
        dots = np.bincount(
            row[shared], weights=weighted[shared] * q_weighted[position[shared]], minlength=n
        )
        cosine = dots / np.maximum(norms * q_norm, 1e-12)

        kinds = self._kind[terms]
        specific = specificity(df, n_docs, weights=self.weights) * self._boosts[kinds]
        q_kinds = self._kind[q_terms]
        q_specific = specificity(q_df, n_docs, weights=self.weights) * self._boosts[q_kinds]
        # Terms the index has never seen are as specific as terms can be.
        q_specific_total = float(q_specific.sum()) + len(unknown_tf) * float(
            specificity(0, n_docs, weights=self.weights)
        )
        doc_specific_total = np.bincount(row, weights=specific, minlength=n)
        shared_specific = np.bincount(row[shared], weights=specific[shared], minlength=n)
        denominator = q_specific_total + doc_specific_total
        overlap = np.where(
            denominator > 0, 2.0 * shared_specific / np.maximum(denominator, 1e-12), cosine
        )

        is_place = kinds == segment.Kind.PLACE
        doc_places = np.bincount(row[is_place], minlength=n)
        shared_places = np.bincount(row[is_place & shared], minlength=n)
        query_has_place = any(
            segment.term_kind(term) == segment.Kind.PLACE and term not in WIDE_PLACES
            for term in weights
        )
        conflict = (doc_places > 0) & (shared_places == 0) & query_has_place

        return candidates, combine(cosine, overlap, conflict, weights=self.weights)
