"""Per-IP and per-phone limits for the anonymous form and API (the cache holds the counters)."""

from __future__ import annotations

from ningju.core.ratelimit import address_key, current, hit

# Generous for a family sharing one connection, tight enough to stop a flood.
PER_IP_PER_HOUR = 5
PER_PHONE_PER_DAY = 3
HOUR = 3600
DAY = 86400


def _ip_key(ip: str) -> str:
    return address_key("voices:rl:ip", ip)


def _phone_key(phone_index: str) -> str:
    return "voices:rl:phone:" + phone_index


def exceeded(*, ip: str, phone_index: str) -> str:
    """ "ip" or "phone" when the next submission would pass a limit, else ""."""
    if ip and current(_ip_key(ip)) >= PER_IP_PER_HOUR:
        return "ip"
    if phone_index and current(_phone_key(phone_index)) >= PER_PHONE_PER_DAY:
        return "phone"
    return ""


def count(*, ip: str, phone_index: str) -> None:
    if ip:
        hit(_ip_key(ip), HOUR)
    if phone_index:
        hit(_phone_key(phone_index), DAY)


def ip_exceeded(ip: str, *, limit: int) -> bool:
    """For lookups (tracking): a separate, looser counter per IP."""
    if not ip:
        return False
    return hit(address_key("voices:rl:track", ip), HOUR) > limit
