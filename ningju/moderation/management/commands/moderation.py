"""`ningju moderation check --input FILE`: would the filter hold this text?

For staff who screen imported text. Prints one JSON object, ``{"flagged": true|false,
"reasons": [...]}``, and exits 0 either way (a non-zero exit means the command itself
failed: an unreadable file, an unknown organisation).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ningju.moderation.services import screen_text
from ningju.orgs.models import Organisation


class Command(BaseCommand):
    help = "Screen a text file with the sensitive-word and spam filter; prints JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="screen one file (UTF-8; '-' for standard input)")
        check.add_argument("--input", required=True, help="path of a UTF-8 text or HTML file")
        check.add_argument(
            "--organisation",
            default="",
            help="committee code: also apply that committee's own terms",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["input"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {source}: {exc}") from exc
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"no committee with code {options['organisation']!r}")
        verdict = screen_text(text, organisation=organisation)
        self.stdout.write(
            json.dumps({"flagged": verdict.flagged, "reasons": verdict.reasons}, ensure_ascii=False)
        )
