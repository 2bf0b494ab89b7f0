"""Similar proposals of the same committee, shown while drafting and at review.

One in-process `ProposalIndex` per organisation, rebuilt when the committee's submitted
proposals change (checked with one aggregate query per lookup). Several app servers each keep
their own copy; a rebuild of a year's proposals takes milliseconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max

from ningju.textmatch.index import ProposalIndex

from .choices import Status
from .models import Proposal
from .selectors import proposals_visible_to

# Below this a match is noise for a person reading the panel.
MIN_SCORE = 0.15
SEARCHABLE = Proposal.objects.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])


@dataclass
class _Entry:
    version: tuple[int, datetime | None]
    index: ProposalIndex


_cache: dict[int, _Entry] = {}
_lock = threading.Lock()


def _body(situation: str, analysis: str, suggestions: str) -> str:
    return "\n".join(part for part in (situation, analysis, suggestions) if part)


def index_for(organisation_id: int) -> ProposalIndex:
    rows = SEARCHABLE.filter(organisation_id=organisation_id)
    stamp = rows.aggregate(n=Count("id"), latest=Max("updated_at"))
    version = (stamp["n"], stamp["latest"])
    with _lock:
        entry = _cache.get(organisation_id)
        if entry is not None and entry.version == version:
            return entry.index
    index = ProposalIndex()
    index.add_many(
        (pk, title, _body(situation, analysis, suggestions))
        for pk, title, situation, analysis, suggestions in rows.values_list(
            "pk", "title", "situation", "analysis", "suggestions"
        ).iterator(chunk_size=2000)
    )
    with _lock:
        _cache[organisation_id] = _Entry(version, index)
    return index


def similar_proposals(
    *, user: Any, title: str, body: str, exclude_id: int | None = None, top: int = 5
) -> list[tuple[Proposal, float]]:
    """The committee's submitted proposals most like this text, best first, with scores.

    Every proposal of the committee is compared (duplicates are found even among proposals
    the person may not open); the caller links only to those in `visible_ids`.
    """
    organisation_id = user.principal.org
    if not (title.strip() or body.strip()):
        return []
    hits = index_for(organisation_id).query(
        title, body, top=top, exclude_id=exclude_id, min_score=MIN_SCORE
    )
    ids = [int(pk) for pk, _score in hits]  # type: ignore[call-overload]
    found = {p.pk: p for p in SEARCHABLE.filter(pk__in=ids).select_related("session__term")}
    visible = set(proposals_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    result = []
    for pk, score in hits:
        proposal = found.get(int(pk))  # type: ignore[call-overload]
        if proposal is not None:
            proposal.visible_to_viewer = proposal.pk in visible  # type: ignore[attr-defined]
            result.append((proposal, round(float(score), 3)))
    return result
