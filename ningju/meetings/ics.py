"""RFC 5545 calendar text for a person's meetings, written here (no dependency).

Times are written in UTC ("Z") so every client agrees without a VTIMEZONE block; text is
escaped (backslash, semicolon, comma, newline), lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character; UIDs are stable per meeting and site.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from .choices import MeetingStatus
from .models import Meeting

PRODID = "-//Ningju//Meetings//ZH"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(meetings: Iterable[Meeting], *, host: str, name: str, url_for: dict[int, str]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{_utc(meeting.updated_at)}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SUMMARY:{escape(meeting.title)}",
            f"LOCATION:{escape(meeting.location)}",
        ]
        if meeting.description:
            lines.append(f"DESCRIPTION:{escape(meeting.description)}")
        if meeting.pk in url_for:
            lines.append(f"URL:{url_for[meeting.pk]}")
        lines.append(
            "STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED"
        )
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
