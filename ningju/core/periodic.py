"""Scheduled jobs without cron or Celery beat: `ningju periodic run-due` runs what is due.

Every job is a management command with fixed arguments, either daily at a local time or
every N minutes. Apps list their jobs in a `jobs.py` module (`JOBS = [Job(...)]`).
`make run` keeps `ningju periodic loop` beside the server; in production run
`ningju periodic run-due` every minute from cron on every app server (or one
`ningju periodic loop` process): the claim is a row lock, so each job runs once.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from .models import PeriodicJobState

logger = logging.getLogger(__name__)
OUTPUT_LIMIT = 4000


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]  # the management command and its arguments
    daily_at: time | None = None  # local time (Asia/Shanghai)
    every: timedelta | None = None

    def __post_init__(self) -> None:
        if (self.daily_at is None) == (self.every is None):
            raise ValueError(f"job {self.name}: give exactly one of daily_at and every")

    def due(self, last_started: datetime | None, now: datetime) -> bool:
        if self.every is not None:
            return last_started is None or now - last_started >= self.every
        local_now = timezone.localtime(now)
        at = self.daily_at or time(0, 0)
        slot = local_now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if local_now < slot:
            return False
        return last_started is None or last_started < slot


def all_jobs() -> list[Job]:
    """Every `JOBS` list in an installed ningju app's `jobs` module, sorted by name."""
    jobs: list[Job] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.jobs"
        if config.name.startswith("ningju.") and find_spec(name) is not None:
            jobs.extend(import_module(name).JOBS)
    names = [job.name for job in jobs]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"periodic jobs declared twice: {sorted(duplicates)}")
    return sorted(jobs, key=lambda job: job.name)


def _claim(job: Job, now: datetime) -> bool:
    """Mark `job` started if it is due; False if it is not, or another server got it."""
    with transaction.atomic():
        PeriodicJobState.objects.get_or_create(name=job.name)
        state = PeriodicJobState.objects.select_for_update().get(name=job.name)
        if not job.due(state.last_started_at, now):
            return False
        state.last_started_at = now
        state.last_ok = None  # running
        state.save(update_fields=["last_started_at", "last_ok"])
    return True


def run_job(job: Job) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except SystemExit as exc:  # a command may exit non-zero on purpose (verify commands)
        ok = not exc.code
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        out.write(f"\n{type(exc).__name__}: {exc}")
        ok = False
    else:
        ok = True
    return ok, out.getvalue()


def run_due(now: datetime | None = None) -> list[tuple[str, bool]]:
    """Run every due job once; returns (name, ok) for those run."""
    ran = []
    for job in all_jobs():
        started = now or timezone.now()
        if not _claim(job, started):
            continue
        ok, output = run_job(job)
        PeriodicJobState.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_ok=ok, last_output=output[-OUTPUT_LIMIT:]
        )
        ran.append((job.name, ok))
    return ran
