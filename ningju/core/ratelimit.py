"""Counters in the cache for rate limits on anonymous forms (shared by every app server
through the production Redis cache). Keys carry a hash of the address, never the address."""

from __future__ import annotations

from django.core.cache import cache

from ningju.core import crypto


def address_key(prefix: str, ip: str) -> str:
    return f"{prefix}:{crypto.sm3_hex(ip.encode())[:24]}"


def hit(key: str, window: int) -> int:
    """Count one more event under `key` in a window of `window` seconds; the new count."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def current(key: str) -> int:
    return int(cache.get(key, 0))
