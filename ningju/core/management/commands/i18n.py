"""Translation housekeeping without GNU gettext at run time.

- ``compile``: .po → .mo for every locale (polib), so `make run` needs no msgfmt.
- ``traditional``: fill zh_Hant from the simplified source strings with OpenCC (s2t).
  Korean is translated by people; Traditional Chinese is a character conversion.
- ``check``: fail on any untranslated or fuzzy Korean or Traditional entry.
- ``fill``: copy Korean translations from the fragments in ``locale-src/ko/*.po`` (one per
  area, written while the area is being built) into the catalogue, where it has none yet.
- ``missing PATH``: the untranslated or fuzzy Korean entries used under PATH, as .po text
  ready to translate into a fragment.
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


def problems_in(po: Any) -> list[str]:
    """Problems of a catalogue (or of any list of its entries)."""
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
    # Catalogue work needs no working URLconf: half-built code elsewhere must not block it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["compile", "traditional", "check", "fill", "missing"]
        )
        parser.add_argument("path", nargs="?", default="", help="for `missing`: a source path")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "missing":
            self._missing(options["path"])
        else:
            getattr(self, "_" + options["action"])()

    def _korean_catalogues(self) -> list[Path]:
        return [p for p in po_files() if p.parent.parent.name == "ko"]

    def _fill(self) -> None:
        fragments_dir = Path(settings.BASE_DIR).parent / "locale-src" / "ko"
        known: dict[str, str] = {}
        for fragment in sorted(fragments_dir.glob("*.po")):
            for entry in polib.pofile(str(fragment)):
                text = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
                if text and "fuzzy" not in entry.flags:
                    known[entry.msgid] = text
        for path in self._korean_catalogues():
            po = polib.pofile(str(path))
            filled = 0
            for entry in po:
                if entry.msgid not in known or not problems_in([entry]):
                    continue
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: known[entry.msgid]}
                else:
                    entry.msgstr = known[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
                filled += 1
            po.save()
            self.stdout.write(f"filled {filled} Korean entries from {fragments_dir}")

    def _missing(self, source: str) -> None:
        if not source:
            raise CommandError("usage: ningju i18n missing PATH (e.g. ningju/meetings)")
        prefix = source.removeprefix("ningju/").rstrip("/")
        for path in self._korean_catalogues():
            for entry in polib.pofile(str(path)):
                if not any(file.startswith(prefix) for file, _line in entry.occurrences):
                    continue
                if not problems_in([entry]):
                    continue
                clean = polib.POEntry(msgid=entry.msgid, msgstr="")
                if entry.msgid_plural:
                    clean = polib.POEntry(
                        msgid=entry.msgid,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural={0: ""},
                    )
                self.stdout.write(str(clean))

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
