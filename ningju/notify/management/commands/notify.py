from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ningju.notify import services


class Command(BaseCommand):
    help = (
        "Notification tools. `ningju notify retry` sends again every failed email, SMS or "
        f"WeChat delivery (at most {services.MAX_ATTEMPTS} attempts each) and every pending one "
        "whose task was lost; run it every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["retry"])

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = services.deliveries_retry()
        total = sum(outcome.values())
        summary = ", ".join(f"{status} {count}" for status, count in sorted(outcome.items()))
        self.stdout.write(f"retried {total} deliveries" + (f": {summary}" if summary else ""))
