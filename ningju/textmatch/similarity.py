"""The similarity between two proposals, as pure functions over term statistics.

A proposal is a bag of terms (``segment.tokens`` of its title and its body). The score of a
stored proposal *d* for a query *q* is

    score = conflict(q, d) × ((1 − α) · cosine(q, d) + α · specific(q, d))      ∈ [0, 1]

* ``cosine``: TF-IDF cosine. A term's weight is ``1 + ln(count in body)`` plus
  ``title_weight × (1 + ln(count in title))``, times the smoothed IDF
  ``ln((N + 1) / (df + 1)) + 1``.
* ``specific``: a weighted Dice overlap of the *specific* terms only — those rarer than the
  topic vocabulary (document frequency below ``max(3, 2 % of N)``), weighted by how much rarer
  they are, with named places, named things and numbers counted 1.5× and character bigrams
  0.5×. Two proposals on the same topic share the topic's common words; two proposals on the
  same matter also share its particulars (西市场, 圈河口岸, 302国道, 苹果梨), and this term lifts
  them above the merely topical ones.
* ``conflict``: when both texts name specific places (a county, a town, a river, a port; not
  the prefecture-wide 延边) and none of them is shared, they are about different matters on
  the same topic ("停车难 in 珲春" vs "停车难 in 延吉"), and the score is multiplied by
  ``conflict_factor``.

Scores rank; they are not probabilities. Show the top few with their score, never decide
并案 automatically on a threshold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .segment import Kind

FloatArray = npt.NDArray[np.float64]

# Internal kind code for prefecture-wide places: a PLACE that never signals a specific
# matter and never causes a conflict.
WIDE_PLACE = 9
WIDE_PLACES = frozenset(
    {"延边", "延边州", "延边朝鲜族自治州", "吉林", "吉林省", "东北", "中国", "全国", "长白山"}
)


@dataclass(frozen=True)
class Weights:
    """The tunable constants of the score (the defaults are what docs/textmatch.md reports)."""

    title_weight: float = 1.5
    alpha: float = 0.5
    conflict_factor: float = 0.8
    common_fraction: float = 0.02
    min_common_df: float = 3.0
    bigram_boost: float = 0.5
    word_boost: float = 1.0
    named_boost: float = 1.5

    def kind_boosts(self) -> FloatArray:
        """Boost by internal kind code (``Kind`` values and ``WIDE_PLACE``)."""
        boosts = np.full(WIDE_PLACE + 1, self.word_boost, dtype=np.float64)
        boosts[Kind.BIGRAM] = self.bigram_boost
        for kind in (Kind.PLACE, Kind.ENTITY, Kind.NUMBER):
            boosts[kind] = self.named_boost
        boosts[WIDE_PLACE] = self.word_boost
        return boosts


DEFAULT_WEIGHTS = Weights()


def term_frequencies(
    title_terms: Iterable[str], body_terms: Iterable[str], *, title_weight: float
) -> dict[str, float]:
    """Sublinear term frequencies with the title counted ``title_weight`` times more."""
    weights: dict[str, float] = {}
    for term, count in Counter(body_terms).items():
        weights[term] = 1.0 + math.log(count)
    for term, count in Counter(title_terms).items():
        weights[term] = weights.get(term, 0.0) + title_weight * (1.0 + math.log(count))
    return weights


def idf(df: npt.ArrayLike, n_docs: int) -> FloatArray:
    """Smoothed inverse document frequency (as scikit-learn's ``smooth_idf``)."""
    return np.log((n_docs + 1.0) / (np.asarray(df, dtype=np.float64) + 1.0)) + 1.0


def specificity(
    df: npt.ArrayLike, n_docs: int, *, weights: Weights = DEFAULT_WEIGHTS
) -> FloatArray:
    """How much rarer than the topic vocabulary a term is (0 for common terms)."""
    common_df = max(weights.min_common_df, weights.common_fraction * n_docs)
    raw = np.log((common_df + 1.0) / (np.asarray(df, dtype=np.float64) + 1.0))
    return np.maximum(raw, 0.0)


def combine(
    cosine: FloatArray,
    specific: FloatArray,
    conflict: npt.NDArray[np.bool_],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
) -> FloatArray:
    """The final score in [0, 1] from its three parts (arrays over candidates)."""
    score = (1.0 - weights.alpha) * cosine + weights.alpha * specific
    score = np.where(conflict, score * weights.conflict_factor, score)
    return np.clip(score, 0.0, 1.0)
