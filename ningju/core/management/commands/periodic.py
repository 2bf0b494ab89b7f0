"""`ningju periodic`: run the scheduled jobs that are due (see ningju/core/periodic.py).

- ``run-due``: run every due job once and exit (cron: every minute, on every server).
- ``loop``: run-due every ``--interval`` seconds until stopped (`make run`, or one process).
- ``list``: each job's schedule and how its last run went.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ningju.core import periodic
from ningju.core.models import PeriodicJobState


class Command(BaseCommand):
    help = "Run scheduled jobs that are due (run-due), keep running them (loop), or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run-due", "loop", "list"])
        parser.add_argument("--interval", type=int, default=60, help="seconds, for loop")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
        elif action == "run-due":
            self._run_due()
        else:
            while True:
                self._run_due()
                time.sleep(max(5, options["interval"]))

    def _run_due(self) -> None:
        for name, ok in periodic.run_due():
            self.stdout.write(
                f"{timezone.localtime():%Y-%m-%d %H:%M} {name}: {'ok' if ok else 'FAILED'}"
            )

    def _list(self) -> None:
        states = {s.name: s for s in PeriodicJobState.objects.all()}
        for job in periodic.all_jobs():
            schedule = f"daily {job.daily_at:%H:%M}" if job.daily_at else f"every {job.every}"
            state = states.get(job.name)
            last = "never"
            if state and state.last_started_at:
                result = {True: "ok", False: "FAILED", None: "running"}[state.last_ok]
                last = f"{timezone.localtime(state.last_started_at):%Y-%m-%d %H:%M} {result}"
            self.stdout.write(f"{job.name:32} {schedule:18} {' '.join(job.command):36} {last}")
