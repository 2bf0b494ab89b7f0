"""Page cache for the public site, invalidated per site by a generation counter.

Every cached page's key holds its site's generation; publishing, unpublishing or correcting
an article bumps the generation, so every page of that site is rebuilt on its next visit
(home, columns, search, feeds and the article itself). Works with any Django cache backend
(local memory in development, Redis in production).
"""

from __future__ import annotations

from django.core.cache import cache

PAGE_TTL = 60 * 60
_GENERATION_TTL = None  # never expires on its own


def _generation_key(organisation_id: int) -> str:
    return f"portal:gen:{organisation_id}"


def generation(organisation_id: int) -> int:
    value = cache.get(_generation_key(organisation_id))
    if value is None:
        value = 1
        cache.add(_generation_key(organisation_id), value, _GENERATION_TTL)
    return int(value)


def invalidate(organisation_id: int) -> None:
    key = _generation_key(organisation_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, _GENERATION_TTL)


def page_key(organisation_id: int, *parts: object) -> str:
    tail = ":".join(str(p) for p in parts)
    return f"portal:page:{organisation_id}:{generation(organisation_id)}:{tail}"


def get(key: str) -> str | None:
    value = cache.get(key)
    return value if isinstance(value, str) else None


def put(key: str, value: str) -> None:
    cache.set(key, value, PAGE_TTL)
