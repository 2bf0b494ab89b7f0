"""How personal data is shown to people who may not see it in full (GB/T 35273 practice)."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """``222401199001011234`` → ``222401********1234``."""
    value = (value or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep the area code and last 4."""
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """Keep up to the district/county/town, hide the street and number."""
    value = (value or "").strip()
    if not value:
        return ""
    for marker in ("街道", "镇", "乡", "区", "县", "市"):
        index = value.find(marker)
        if 0 <= index < len(value) - 1:
            return value[: index + len(marker)] + "****"
    return value[: max(1, len(value) // 3)] + "****"


def mask_name(value: str) -> str:
    """Public pages: ``金哲洙`` → ``金**``."""
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)
