"""Scheduled jobs: each runs when due, once, and a failure is recorded, not swallowed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from ningju.core import periodic
from ningju.core.models import PeriodicJobState

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def test_a_daily_job_is_due_once_a_day_after_its_time() -> None:
    job = periodic.Job("x", ("check",), daily_at=time(7, 0))
    assert not job.due(None, at(6, 59))
    assert job.due(None, at(7, 0))
    assert not job.due(at(7, 1), at(23, 0))
    assert job.due(at(7, 1), at(7, 0, day=11))
    # A server that was down at 07:00 catches up later the same day.
    assert job.due(at(7, 0, day=9), at(15, 0))


def test_an_interval_job_is_due_after_its_interval() -> None:
    job = periodic.Job("x", ("check",), every=timedelta(minutes=10))
    assert job.due(None, at(8))
    assert not job.due(at(8), at(8, 9))
    assert job.due(at(8), at(8, 10))


def test_a_job_needs_exactly_one_schedule() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        periodic.Job("x", ("check",))
    with pytest.raises(ValueError, match="exactly one"):
        periodic.Job("x", ("check",), daily_at=time(1), every=timedelta(hours=1))


def test_the_known_jobs_are_registered() -> None:
    names = {job.name for job in periodic.all_jobs()}
    assert {
        "audit_verify",
        "disable_dormant_accounts",
        "notify_retry",
        "proposals_daily",
        "meetings_remind",
        "portal_publish_due",
        "portal_verify",
        "voices_purge",
    } <= names


def test_run_due_runs_each_due_job_once_and_records_the_result(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    jobs = [
        periodic.Job("fine", ("diffsettings",), every=timedelta(minutes=10)),
        periodic.Job("broken", ("no_such_command_here",), every=timedelta(minutes=10)),
    ]
    monkeypatch.setattr(periodic, "all_jobs", lambda: jobs)
    ran = dict(periodic.run_due(at(8)))
    assert ran == {"fine": True, "broken": False}
    # A second server a moment later finds nothing due: each job ran once.
    assert periodic.run_due(at(8, 1)) == []
    broken = PeriodicJobState.objects.get(name="broken")
    assert broken.last_ok is False
    assert "no_such_command_here" in broken.last_output
    assert PeriodicJobState.objects.get(name="fine").last_finished_at is not None
    out = StringIO()
    call_command("periodic", "list", stdout=out)
    assert "FAILED" in out.getvalue()
