from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ningju.proposals import services


class Command(BaseCommand):
    help = (
        "The proposal chain's daily jobs: lapse overdue co-signature invitations, send "
        "reminders (催办) before and after handling deadlines, and close the rating of replied "
        "proposals whose feedback period has passed (未反馈). Run once a day (cron or the task "
        "worker); running it twice on one day changes nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="run as of this day (YYYY-MM-DD) instead of today, e.g. to catch up",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from exc
        expired = services.cosign_expire_overdue(today=today)
        reminded = services.send_reminders(today=today)
        closed = services.feedback_close_overdue(today=today)
        self.stdout.write(f"proposals daily jobs for {today.isoformat()}")
        self.stdout.write(f"co-signature invitations lapsed: {expired} proposal(s)")
        self.stdout.write(f"reminders sent: {reminded} assignment(s)")
        self.stdout.write(f"feedback closed as not returned: {closed} proposal(s)")
