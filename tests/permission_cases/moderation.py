"""敏感词管理 (ningju/moderation/views.py): office staff and portal editors of a committee.

A term of another committee is missing (404) for them; everyone else is refused (403)."""

from __future__ import annotations

from ningju.moderation.models import ModerationTerm
from tests import factories
from tests.matrix import Case

MANAGERS = {"staff", "county_staff", "editor"}


def _term_of(w: factories.World, county: bool = False) -> str:
    organisation = w.county if county else w.prefecture
    term, _ = ModerationTerm.objects.get_or_create(
        organisation=organisation, term=f"测试词{organisation.pk}"
    )
    return f"/moderation/terms/{term.pk}/remove/"


CASES = [
    Case("moderation terms", lambda w: "/moderation/terms/", MANAGERS, 403),
    Case(
        "moderation term add (empty form)",
        lambda w: "/moderation/terms/",
        MANAGERS,
        403,
        "post",
        ok_status=400,
        data={},
    ),
    # The row's term is removed by the first manager in ROLE_USERS order (staff); the editor,
    # who may remove terms too (tests/test_moderation.py), then finds it gone.
    Case(
        "moderation term remove",
        lambda w: _term_of(w),
        {"staff"},
        403,
        "post",
        ok_status=302,
        denied={"county_staff": 404, "editor": 404},
    ),
    Case(
        "moderation check (empty text)",
        lambda w: "/moderation/check/",
        MANAGERS,
        403,
        "post",
        ok_status=400,
        data={},
    ),
]
