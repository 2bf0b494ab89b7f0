"""After the burst: exactly one attendance row and one duty record per member, audit intact."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import django

django.setup()

from ningju.core import audit  # noqa: E402
from ningju.meetings.models import Attendance  # noqa: E402
from ningju.performance.models import DutyKind, DutyRecord  # noqa: E402

meeting_id = json.loads((Path(__file__).with_name("var") / "sessions.json").read_text())["meeting"]
expected = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
attendance = Attendance.objects.filter(meeting_id=meeting_id, status="present").count()
duties = DutyRecord.objects.filter(
    kind=DutyKind.MEETING_ATTENDED, source_id=str(meeting_id), is_void=False
).count()
chain = audit.verify()
print(
    f"attendance rows: {attendance}, duty records: {duties}, audit chain ok: {chain.ok} ({chain.checked} records)"
)
sys.exit(0 if attendance == duties == expected and chain.ok else 1)
