"""Korean and Traditional Chinese are complete: every source string is translated.

The catalogues are re-extracted from the code into a temporary copy, so a new string that
nobody added to the .po files fails here, not in front of a Korean-speaking member.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.core.management import call_command

from ningju.core.management.commands.i18n import problems_in

PACKAGE = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    # makemessages also writes into ./locale of its working directory, so it runs in a copy
    # of the package: the committed catalogues are never touched by the test.
    copy = tmp_path_factory.mktemp("src") / "ningju"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    return copy


@pytest.mark.parametrize("language", ["ko", "zh_Hant"])
def test_catalogue_is_complete(extracted: Path, language: str, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOCALE_PATHS = [str(extracted / "locale")]
    monkeypatch.chdir(extracted)
    call_command(
        "makemessages",
        locale=[language],
        ignore_patterns=["migrations/*", "devtools/*"],
        no_obsolete=True,
        verbosity=0,
    )
    po = polib.pofile(str(extracted / "locale" / language / "LC_MESSAGES" / "django.po"))
    problems = problems_in(po)
    assert not problems, f"{language}: {len(problems)} problems, e.g. " + "; ".join(problems[:15])


def test_compiled_catalogues_match_the_sources() -> None:
    for language in ("ko", "zh_Hant"):
        po_path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
        mo = polib.mofile(str(po_path.with_suffix(".mo")))
        translated = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgstr}
        compiled = {e.msgid: e.msgstr for e in mo if e.msgstr}
        assert compiled == translated, f"{language}: run `ningju i18n compile`"


def test_korean_uses_yanbian_orthography() -> None:
    po = polib.pofile(str(PACKAGE / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    text = " ".join(e.msgstr for e in po)
    # Chinese-Korean keeps the initial ㄹ/ㄴ: 리행 (履职), 련락 (联络), not 이행, 연락.
    assert "리행" in text
    assert "이행" not in text
    assert "연락" not in text


@pytest.mark.parametrize("language", ["ko", "zh_Hant"])
def test_catalogues_pass_msgfmt(language: str) -> None:
    import subprocess

    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
