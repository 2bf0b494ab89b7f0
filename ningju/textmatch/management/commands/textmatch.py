"""``ningju textmatch similar --input FILE.jsonl --top K``: near-duplicates within a batch."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ningju.textmatch.batch import BatchInputError, format_result, read_items, similar_for_batch

# Exit status for bad input (a missing file, a line that is not a proposal), as argparse uses
# for bad arguments.
EXIT_BAD_INPUT = 2


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"K must be a positive integer, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Text matcher tools. `similar --input FILE.jsonl --top K` prints, for each input line "
        '{"id", "title", "body"}, one JSON line {"id", "similar": [{"id", "score"}, ...]} with the '
        "K most similar other items of the file, best first."
    )
    # Pure text processing: no model or database for the system checks to look at.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        similar = actions.add_parser(
            "similar", help="near-duplicates within a JSON Lines batch of proposals"
        )
        similar.add_argument(
            "--input", required=True, metavar="FILE.jsonl", help='JSON Lines file, or "-" for stdin'
        )
        similar.add_argument(
            "--top",
            type=_positive,
            default=5,
            metavar="K",
            help="how many similar items per line (default 5)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "similar":
            self._similar(options["input"], options["top"])

    def _similar(self, path: str, top: int) -> None:
        try:
            if path == "-":
                items = read_items(sys.stdin)
            else:
                with open(path, encoding="utf-8-sig") as handle:
                    items = read_items(handle)
        except BatchInputError as error:
            raise CommandError(f"{path}: {error}", returncode=EXIT_BAD_INPUT) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}", returncode=EXIT_BAD_INPUT) from None
        for result in similar_for_batch(items, top):
            self.stdout.write(format_result(result))
