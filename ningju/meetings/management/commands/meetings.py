from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ningju.meetings import services


class Command(BaseCommand):
    help = (
        "Meeting jobs. `ningju meetings remind [--hours 24]` notifies the invitees of every "
        "announced meeting starting within the next N hours, once per meeting; run it hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.reminders_send(hours=options["hours"])
        self.stdout.write(f"reminded {sent} meetings")
