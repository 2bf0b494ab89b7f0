"""Translation housekeeping without GNU gettext at run time.

- ``compile``: .po → .mo for every locale (polib), so `make run` needs no msgfmt.
- ``traditional``: fill zh_Hant from the simplified source strings with OpenCC (s2t).
  Korean is translated by people; Traditional Chinese is a character conversion.
- ``check``: fail on any untranslated or fuzzy Korean or Traditional entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import opencc
import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

CHECKED_LOCALES = ("ko", "zh_Hant")


def po_files() -> list[Path]:
    files: list[Path] = []
    for base in settings.LOCALE_PATHS:
        files.extend(sorted(Path(base).glob("*/LC_MESSAGES/django.po")))
    return files


def problems_in(po: polib.POFile) -> list[str]:
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                found.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {entry.msgid!r}")
    return found


class Command(BaseCommand):
    help = "Compile, fill (Traditional Chinese) and check translations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "traditional", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])()

    def _compile(self) -> None:
        for path in po_files():
            polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(f"compiled {path.parent.parent.name}")

    def _traditional(self) -> None:
        converter = opencc.OpenCC("s2t")
        for base in settings.LOCALE_PATHS:
            path = Path(base) / "zh_Hant" / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            po = polib.pofile(str(path))
            for entry in po:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: converter.convert(entry.msgid_plural)}
                else:
                    entry.msgstr = converter.convert(entry.msgid)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
            po.save()
            self.stdout.write(f"filled {len(po)} Traditional Chinese entries")

    def _check(self) -> None:
        failures = []
        for path in po_files():
            locale = path.parent.parent.name
            if locale not in CHECKED_LOCALES:
                continue
            for problem in problems_in(polib.pofile(str(path))):
                failures.append(f"{locale}: {problem}")
        if failures:
            raise CommandError("\n".join(failures[:50]) + f"\n{len(failures)} problem(s)")
        self.stdout.write("translations complete")
