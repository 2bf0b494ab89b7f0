"""Per-IP and per-phone limits for the anonymous form and API (the cache holds the counters)."""

from __future__ import annotations

from django.core.cache import cache

from ningju.core import crypto

# Generous for a family sharing one connection, tight enough to stop a flood.
PER_IP_PER_HOUR = 5
PER_PHONE_PER_DAY = 3
HOUR = 3600
DAY = 86400


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _count(key: str) -> int:
    return int(cache.get(key, 0))


def _ip_key(ip: str) -> str:
    return "voices:rl:ip:" + crypto.sm3_hex(ip.encode())[:24]


def _phone_key(phone_index: str) -> str:
    return "voices:rl:phone:" + phone_index


def exceeded(*, ip: str, phone_index: str) -> str:
    """ "ip" or "phone" when the next submission would pass a limit, else ""."""
    if ip and _count(_ip_key(ip)) >= PER_IP_PER_HOUR:
        return "ip"
    if phone_index and _count(_phone_key(phone_index)) >= PER_PHONE_PER_DAY:
        return "phone"
    return ""


def count(*, ip: str, phone_index: str) -> None:
    if ip:
        _hit(_ip_key(ip), HOUR)
    if phone_index:
        _hit(_phone_key(phone_index), DAY)


def ip_exceeded(ip: str, *, limit: int) -> bool:
    """For lookups (tracking): a separate, looser counter per IP."""
    if not ip:
        return False
    key = "voices:rl:track:" + crypto.sm3_hex(ip.encode())[:24]
    return _hit(key, HOUR) > limit
