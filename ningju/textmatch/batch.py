"""Near-duplicates within one batch of proposals (``ningju textmatch similar``).

Input: JSON Lines, one ``{"id": ..., "title": ..., "body": ...}`` per line. Output, per input
item and in input order: ``{"id": ..., "similar": [{"id": ..., "score": ...}, ...]}`` with
the ``top`` most similar *other* items, best first, scores rounded to 4 decimals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from . import segment
from .index import ProposalIndex


class BatchInputError(ValueError):
    """A line of the input is not a proposal; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _text(item: Mapping[str, Any], field: str, line: int) -> str:
    value = item.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BatchInputError(line, f'"{field}" must be a string')
    return value


def read_items(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Parse and check JSON Lines; blank lines are skipped.

    Each line must be a JSON object with an ``id`` (a string or a number, echoed with its JSON
    type) and optional string ``title`` and ``body``. Raises ``BatchInputError`` naming the
    first bad line.
    """
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise BatchInputError(
                number, f"invalid JSON: {error.msg} (column {error.colno})"
            ) from None
        if not isinstance(item, dict):
            raise BatchInputError(number, "expected a JSON object")
        if "id" not in item:
            raise BatchInputError(number, 'missing "id"')
        proposal_id = item["id"]
        if isinstance(proposal_id, bool) or not isinstance(proposal_id, str | int | float):
            raise BatchInputError(number, '"id" must be a string or a number')
        items.append(
            {
                "id": proposal_id,
                "title": _text(item, "title", number),
                "body": _text(item, "body", number),
            }
        )
    return items


def similar_for_batch(items: Sequence[Mapping[str, Any]], top: int) -> list[dict[str, Any]]:
    """For each item, its ``top`` most similar other items of the batch.

    Items are told apart by position, so repeated ids are allowed (and echoed). Every item
    gets ``min(top, len(items) - 1)`` entries: after the items that share any term with it
    come, with score 0.0, the remaining items in input order.
    """
    if top < 0:
        raise ValueError("top must be at least 0")
    tokenized = [
        (segment.tokens(i.get("title") or ""), segment.tokens(i.get("body") or "")) for i in items
    ]
    index = ProposalIndex()
    for position, (title_tokens, body_tokens) in enumerate(tokenized):
        index.add_tokens(position, title_tokens, body_tokens)
    index.compact()
    wanted = min(top, len(items) - 1)
    results = []
    for position, item in enumerate(items):
        ranking: list[tuple[int, float]] = []
        if wanted > 0:
            ranking = [
                (cast(int, other), score)
                for other, score in index.query_tokens(
                    *tokenized[position], top=wanted, exclude_id=position
                )
            ]
            if len(ranking) < wanted:
                seen = {other for other, _ in ranking} | {position}
                filler = (p for p in range(len(items)) if p not in seen)
                ranking += [
                    (p, 0.0) for _, p in zip(range(wanted - len(ranking)), filler, strict=False)
                ]
        results.append(
            {
                "id": item["id"],
                "similar": [
                    {"id": items[other]["id"], "score": round(score, 4)} for other, score in ranking
                ],
            }
        )
    return results


def format_result(result: Mapping[str, Any]) -> str:
    """One output line (UTF-8 text kept as is, not \\u-escaped)."""
    return json.dumps(result, ensure_ascii=False)
