"""办实事 rows of the authorisation matrix (see tests/matrix.py).

The public list /matters/done/ is for everyone, anonymous visitors included; it is tested
in tests/test_matters.py and needs an entry in test_url_coverage.EXCLUDED_NAMES.

Each row builds a fresh matter of the prefecture owned by `member` and the world's handling
unit; rows that post send invalid input, so nothing changes for the next role.
"""

from __future__ import annotations

from datetime import date

from ningju.matters import services
from ningju.matters.models import Evidence
from tests import factories
from tests.matrix import ANY_STAFF, Case
from tests.suggestions_factories import jpeg, matter

MEMBERS = {"member", "standing", "chair", "director", "county_member"}
UNIT = {"unit_officer", "unit_signer"}
LISTERS = ANY_STAFF | MEMBERS | UNIT
SEERS = {"staff", "chair", "member"} | UNIT  # office, chair meeting, the owners


def _matter(w: factories.World) -> int:
    return matter(w).pk


def _evidence(w: factories.World) -> str:
    m = matter(w)
    services.matter_evidence_add(acting_user=w["staff"], matter=m, file=jpeg())
    return f"/matters/{m.pk}/evidence/{Evidence.objects.get(matter=m).pk}/"


CASES = [
    Case("matters list", lambda w: "/matters/", LISTERS, 403),
    Case("matters new", lambda w: "/matters/new/", ANY_STAFF, 403),
    Case("matters new post", lambda w: "/matters/new/", ANY_STAFF, 403, "post", data={}),
    Case("matter detail", lambda w: f"/matters/{_matter(w)}/", SEERS, 404),
    Case(
        "matter edit",
        lambda w: f"/matters/{_matter(w)}/edit/",
        {"staff"},
        404,
        denied={"chair": 403, "member": 403, "unit_officer": 403, "unit_signer": 403},
    ),
    Case("matter evidence download", _evidence, SEERS, 404),
    Case(
        "matter progress post",
        lambda w: f"/matters/{_matter(w)}/progress/",
        {"staff", "member"} | UNIT,
        404,
        "post",
        ok_status=400,
        data={},
        denied={"chair": 403},
    ),
    # --- API ---
    Case("api matters list", lambda w: "/api/v1/matters", LISTERS, 403),
    Case(
        "api matters completed",
        lambda w: "/api/v1/matters/completed",
        set(factories.ROLE_USERS),
        403,
    ),
    Case(
        "api matter create",
        lambda w: "/api/v1/matters",
        ANY_STAFF,
        403,
        "post",
        ok_status=400,
        data={"title": "", "description": "", "deadline": date(2030, 1, 1).isoformat()},
    ),
    Case("api matter detail", lambda w: f"/api/v1/matters/{_matter(w)}", SEERS, 404),
    Case(
        "api matter progress",
        lambda w: f"/api/v1/matters/{_matter(w)}/progress",
        {"staff", "member"} | UNIT,
        404,
        "post",
        ok_status=400,
        data={"note": "", "percent": 10},
        denied={"chair": 403},
    ),
    Case(
        "api matter confirm",
        lambda w: f"/api/v1/matters/{_matter(w)}/actions/confirm",
        {"staff"},
        404,
        "post",
        ok_status=400,
        data={},
        denied={"chair": 403, "member": 403, "unit_officer": 403, "unit_signer": 403},
    ),
]
