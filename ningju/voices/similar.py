"""Likely duplicates among a committee's public requests (the same text matcher proposals use).

One in-process index per organisation, rebuilt when that committee's requests change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from ningju.textmatch.index import ProposalIndex

from .choices import Status
from .models import PublicRequest

MIN_SCORE = 0.2
SEARCHABLE = PublicRequest.objects.exclude(status__in=[Status.HELD, Status.REJECTED])


@dataclass
class _Entry:
    version: tuple[int, datetime | None]
    index: ProposalIndex


_cache: dict[int, _Entry] = {}
_lock = threading.Lock()


def index_for(organisation_id: int) -> ProposalIndex:
    rows = SEARCHABLE.filter(organisation_id=organisation_id)
    stamp = rows.aggregate(n=Count("id"), latest=Max("updated_at"))
    version = (stamp["n"], stamp["latest"])
    with _lock:
        entry = _cache.get(organisation_id)
        if entry is not None and entry.version == version:
            return entry.index
    index = ProposalIndex()
    index.add_many(rows.values_list("pk", "title", "text").iterator(chunk_size=2000))
    with _lock:
        _cache[organisation_id] = _Entry(version, index)
    return index


def likely_duplicates(request: PublicRequest, *, top: int = 5) -> list[tuple[PublicRequest, float]]:
    """Other requests of the same committee most like this one, best first."""
    hits = index_for(request.organisation_id).query(
        request.title, request.text, top=top, exclude_id=request.pk, min_score=MIN_SCORE
    )
    ids = [int(pk) for pk, _score in hits]  # type: ignore[call-overload]
    found = {r.pk: r for r in SEARCHABLE.filter(pk__in=ids)}
    return [
        (found[int(pk)], round(float(score), 3))  # type: ignore[call-overload]
        for pk, score in hits
        if int(pk) in found  # type: ignore[call-overload]
    ]
