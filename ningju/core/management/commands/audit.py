from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ningju.core import audit


class Command(BaseCommand):
    help = "Audit trail tools. `ningju audit verify` checks the SM3 hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"audit chain broken at record #{result.first_bad_sequence}: {result.problem} "
                f"({result.checked} records verified before it)"
            )
        self.stdout.write(f"audit chain intact: {result.checked} records verified")
