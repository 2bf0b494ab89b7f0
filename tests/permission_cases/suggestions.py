"""微建议 rows of the authorisation matrix (see tests/matrix.py).

The public pages (/suggestions/, /suggestions/new/, /suggestions/sent/) are for everyone,
anonymous visitors included; they are tested in tests/test_suggestions.py, and need an
entry in test_url_coverage.EXCLUDED_NAMES (like portal:home), not a row here.

Each row builds a fresh suggestion; rows that post send an empty or invalid form, so the
allowed role gets the form back with errors (400) and nothing changes for the next role.
"""

from __future__ import annotations

from ningju.suggestions.choices import Status
from tests import factories
from tests.matrix import ANY_STAFF, Case
from tests.suggestions_factories import suggestion_in

MEMBERS = {"member", "standing", "chair", "director", "county_member"}
QUEUE = ANY_STAFF | {"unit_officer", "unit_signer"}
UNIT = {"unit_officer", "unit_signer"}


def _assigned(w: factories.World) -> int:
    return suggestion_in(w, Status.ASSIGNED).pk


def _submitted(w: factories.World) -> int:
    return suggestion_in(w, Status.SUBMITTED).pk


CASES = [
    Case("suggestions mine", lambda w: "/suggestions/mine/", MEMBERS, 403),
    Case("suggestions member new", lambda w: "/suggestions/mine/new/", MEMBERS, 403),
    Case(
        "suggestions member new post",
        lambda w: "/suggestions/mine/new/",
        MEMBERS,
        403,
        "post",
        data={},
    ),
    Case("suggestions queue", lambda w: "/suggestions/queue/", QUEUE, 403),
    # The author, the office and the assigned unit see it; everyone else gets 404.
    Case(
        "suggestion detail",
        lambda w: f"/suggestions/{_assigned(w)}/",
        {"member", "staff"} | UNIT,
        404,
    ),
    Case(
        "suggestion assign post",
        lambda w: f"/suggestions/{_submitted(w)}/assign/",
        {"staff"},
        404,
        "post",
        ok_status=400,
        data={},
        denied={"member": 403},
    ),
    Case(
        "suggestion reply post",
        lambda w: f"/suggestions/{_assigned(w)}/reply/",
        UNIT,
        404,
        "post",
        ok_status=400,
        data={},
        denied={"member": 403, "staff": 403},
    ),
    # The public author's phone in full: office staff only, audited.
    Case(
        "suggestion phone reveal",
        lambda w: f"/suggestions/{_assigned(w)}/reveal/",
        {"staff"},
        404,
        "post",
        denied={"member": 403, "unit_officer": 403, "unit_signer": 403},
    ),
    # --- API ---
    Case("api suggestions mine", lambda w: "/api/v1/suggestions/mine", MEMBERS, 403),
    Case(
        "api suggestion create",
        lambda w: "/api/v1/suggestions",
        MEMBERS,
        403,
        "post",
        ok_status=400,
        data={"title": "", "body": "路灯坏了"},
    ),
    Case("api suggestion queue", lambda w: "/api/v1/suggestions/queue", QUEUE, 403),
    Case(
        "api suggestion detail",
        lambda w: f"/api/v1/suggestions/{_assigned(w)}",
        {"member", "staff"} | UNIT,
        404,
    ),
    Case(
        "api suggestion reply",
        lambda w: f"/api/v1/suggestions/{_assigned(w)}/actions/reply",
        UNIT,
        404,
        "post",
        ok_status=400,
        data={"reply": ""},
        denied={"member": 403, "staff": 403},
    ),
]
