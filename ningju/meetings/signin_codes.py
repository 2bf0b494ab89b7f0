"""The rotating sign-in code shown as a QR on the staff sign-in screen.

A code is `<meeting id>-<slot>-<mac>`: the slot is the current 30-second window, the mac an
HMAC-SHA256 (truncated to 80 bits) over meeting id and slot, keyed with the site secret and
the meeting's own random secret. Scanning (GET) accepts the current and the previous slot,
so a code photographed just before it rotated still works; confirming (POST) allows a few
more slots for the tap. A code leaks nothing and cannot be forged or reused for another
meeting; a screenshot sent to someone at home expires within a minute.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

SLOT_SECONDS = 30
SCAN_GRACE_SLOTS = 1  # previous slot still accepted when the page opens
CONFIRM_GRACE_SLOTS = 4  # two minutes to tap "确认签到" (and sign in first if needed)


@dataclass(frozen=True)
class ParsedCode:
    meeting_id: int
    slot: int
    mac: str


def slot_of(moment: datetime) -> int:
    return int(moment.timestamp()) // SLOT_SECONDS


def _mac(meeting_id: int, secret: str, slot: int) -> str:
    key = f"{settings.SECRET_KEY}:meetings.signin:{secret}".encode()
    return hmac.new(key, f"{meeting_id}:{slot}".encode(), hashlib.sha256).hexdigest()[:20]


def code_for(meeting_id: int, secret: str, moment: datetime) -> str:
    slot = slot_of(moment)
    return f"{meeting_id}-{slot}-{_mac(meeting_id, secret, slot)}"


def parse(code: str) -> ParsedCode | None:
    parts = code.strip().split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if len(parts[2]) != 20:
        return None
    return ParsedCode(int(parts[0]), int(parts[1]), parts[2].lower())


def is_authentic(parsed: ParsedCode, secret: str) -> bool:
    return hmac.compare_digest(parsed.mac, _mac(parsed.meeting_id, secret, parsed.slot))


def is_fresh(parsed: ParsedCode, moment: datetime, *, grace_slots: int) -> bool:
    current = slot_of(moment)
    return current - grace_slots <= parsed.slot <= current
