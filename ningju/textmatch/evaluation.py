"""Recall@k and MRR of the matcher on a labelled set of near-duplicate clusters.

Each item has an ``id``, a ``title``, a ``body`` and a ``cluster`` (null for distractors:
proposals on a topic of some cluster but about another matter). Every clustered item is used
as a query against an index of all the others; its relevant answers are its cluster mates.

* recall@k: the share of the item's mates found in the top k, averaged over queries;
* MRR: the mean over queries of 1 / rank of the first mate (0 if none is returned).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .index import ProposalIndex


@dataclass(frozen=True)
class QueryResult:
    id: Hashable
    mates: frozenset[Hashable]
    ranking: list[tuple[Hashable, float]]

    def recall_at(self, k: int) -> float:
        found = {proposal_id for proposal_id, _ in self.ranking[:k]} & self.mates
        return len(found) / len(self.mates)

    @property
    def reciprocal_rank(self) -> float:
        for rank, (proposal_id, _) in enumerate(self.ranking, start=1):
            if proposal_id in self.mates:
                return 1.0 / rank
        return 0.0


@dataclass(frozen=True)
class Evaluation:
    k: int
    queries: list[QueryResult] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(q.recall_at(self.k) for q in self.queries) / len(self.queries)

    @property
    def mrr(self) -> float:
        return sum(q.reciprocal_rank for q in self.queries) / len(self.queries)

    def misses(self) -> list[QueryResult]:
        """Queries whose first answer is not a cluster mate (for reading, not for scoring)."""
        return [q for q in self.queries if q.reciprocal_rank < 1.0]


def load_labelled(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(
    items: Iterable[Mapping[str, Any]], *, k: int = 5, index: ProposalIndex | None = None
) -> Evaluation:
    """Query every clustered item against all the others (see the module docstring)."""
    items = list(items)
    index = index if index is not None else ProposalIndex()
    index.add_many((item["id"], item.get("title", ""), item.get("body", "")) for item in items)
    clusters: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item in items:
        if item.get("cluster") is not None:
            clusters[item["cluster"]].add(item["id"])
    results = []
    for item in items:
        cluster = item.get("cluster")
        if cluster is None:
            continue
        mates = frozenset(clusters[cluster] - {item["id"]})
        if not mates:
            continue
        ranking = index.query(item["title"], item["body"], top=max(k, 10), exclude_id=item["id"])
        results.append(QueryResult(id=item["id"], mates=mates, ranking=ranking))
    return Evaluation(k=k, queries=results)
