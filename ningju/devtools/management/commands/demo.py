"""`ningju demo`: load the Yanbian demo data into an empty database (development only)."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ningju.core.errors import DomainError
from ningju.devtools import demo_data, demo_proposals

# Each loads one area on top of the people and proposals; `load()` returns {label: count}.
EXTRA_DEMOS = (
    "demo_meetings",
    "demo_activities",
    "demo_opinions",
    "demo_voices",
    "demo_stations",
    "demo_suggestions",
    "demo_matters",
    "demo_portal",
)


class Command(BaseCommand):
    help = (
        "Create realistic demo data for 州政协 and the eight county-level committees of "
        "Yanbian, with demo accounts. Does nothing if the demo data is already present."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--proposal-scale",
            type=float,
            default=1.0,
            help="How many demo proposals, as a share of the default (about 320 in all).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "NINGJU_DEMO_ALLOWED", False):
            raise CommandError(
                "Demo data is not allowed here (settings.NINGJU_DEMO_ALLOWED is False). "
                "It is meant for development machines only, never for production."
            )
        if demo_data.demo_present():
            self.stdout.write("demo data already present")
            return
        started = time.perf_counter()
        try:
            result = demo_data.load()
        except DomainError as exc:
            raise CommandError(
                f"Could not create the demo data ({exc.code}): {exc.message}. "
                "Is this database really empty?"
            ) from exc
        proposals = demo_proposals.load(scale=options["proposal_scale"])
        extras: dict[str, int] = {}
        for module in EXTRA_DEMOS:
            extras.update(import_module(f"ningju.devtools.{module}").load())
        elapsed = time.perf_counter() - started

        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {elapsed:.1f}s: {counts.get('organisations', 0)} "
                f"organisations, {counts.get('members', 0)} members, "
                f"{counts.get('memberships', 0)} memberships, "
                f"{counts.get('committee_seats', 0)} committee seats, "
                f"{counts.get('handling_units', 0)} handling units, "
                f"{counts.get('accounts', 0)} accounts, {sum(proposals.values())} proposals."
            )
        )
        for label, n in extras.items():
            self.stdout.write(f"  {n:>5}  {label}")
        self.stdout.write("")
        rows = [("username", "name", "roles", "organisation")] + [
            (a.username, a.display_name, a.roles, a.organisation) for a in result.accounts
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(3)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {demo_data.DEMO_PASSWORD}")


def _width(text: str) -> int:
    """Terminal columns: CJK and Hangul characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
