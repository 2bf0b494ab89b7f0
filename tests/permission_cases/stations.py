"""Authorisation rows of the liaison stations (ningju/stations, ningju/api/stations.py).

Members and office staff see their committee's stations (others: 403 on lists, 404 on a
station). Office staff manage them; the station's own members (here 金哲洙) and office staff
keep its reception log; only the member who received a visitor converts the entry.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from tests import factories
from tests import voices_factories as vf
from tests.matrix import Case

_n = itertools.count(1)
MEMBERS = {"member", "standing", "chair", "director"}
VIEWERS = MEMBERS | {"staff", "county_staff", "county_member"}
INSIDE = MEMBERS | {"staff"}
OTHER_MEMBERS = dict.fromkeys(("standing", "chair", "director"), 403)


def _station(w: factories.World) -> object:
    return vf.station(w, name=f"联络站{next(_n)}")


def _at(suffix: str = "", *, api: bool = False) -> Callable[[factories.World], str]:
    def build(w: factories.World) -> str:
        station = _station(w)
        base = f"/api/v1/stations/{station.pk}" if api else f"/stations/{station.pk}/"  # type: ignore[attr-defined]
        return base + suffix

    return build


def _member_remove(w: factories.World) -> str:
    from ningju.members.models import Member

    station = _station(w)
    member = Member.objects.get(name="金哲洙")
    return f"/stations/{station.pk}/members/{member.pk}/remove/"  # type: ignore[attr-defined]


def _shift(w: factories.World) -> str:
    from ningju.members.models import Member
    from ningju.stations import services

    station = _station(w)
    shift = services.shift_add(
        acting_user=w["staff"],
        station=station,  # type: ignore[arg-type]
        member_id=Member.objects.get(name="金哲洙").pk,
        on_date=timezone.localdate() - timedelta(days=1),
    )
    return f"/stations/shifts/{shift.pk}/mark/"


def _reception(suffix: str = "") -> Callable[[factories.World], str]:
    def build(w: factories.World) -> str:
        from ningju.stations import services

        station = _station(w)
        reception = services.reception_create(
            acting_user=w["member"],
            station=station,  # type: ignore[arg-type]
            data=services.ReceptionData(
                channel="walk_in", topic="小区停车难", issue="延吉市建工街道小区停车位严重不足。"
            ),
        )
        return f"/stations/receptions/{reception.pk}/{suffix}"

    return build


RECEPTION_JSON = {"channel": "phone", "topic": "供暖", "issue": "小区供暖温度不达标，老人受冻。"}

CASES = [
    Case("stations list", lambda w: "/stations/", VIEWERS, 403),
    Case("stations create", lambda w: "/stations/new/", {"staff", "county_staff"}, 403),
    Case("station detail", _at(), INSIDE, 404),
    Case("station edit", _at("edit/"), {"staff"}, 404, denied=dict.fromkeys(MEMBERS, 403)),
    Case("station members", _at("members/"), {"staff"}, 404, denied=dict.fromkeys(MEMBERS, 403)),
    Case(
        "station member remove",
        _member_remove,
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=dict.fromkeys(MEMBERS, 403),
    ),
    Case("station roster", _at("roster/"), INSIDE, 404),
    Case(
        "station shift mark",
        _shift,
        {"member", "staff"},
        404,
        "post",
        ok_status=302,
        denied=OTHER_MEMBERS,
        data={"status": "done"},
    ),
    Case("station receptions", _at("receptions/"), {"member", "staff"}, 404, denied=OTHER_MEMBERS),
    Case(
        "station reception form",
        _at("receptions/new/"),
        {"member", "staff"},
        404,
        denied=OTHER_MEMBERS,
    ),
    Case("station reception detail", _reception(), {"member", "staff"}, 404),
    Case(
        "station reception to opinion",
        _reception("to-opinion/"),
        {"member"},
        404,
        "post",
        ok_status=302,
        denied={"staff": 403},
    ),
    Case(
        "station reception to proposal",
        _reception("to-proposal/"),
        {"member"},
        404,
        "post",
        ok_status=302,
        denied={"staff": 403},
    ),
    Case(
        "station activity form",
        _at("activities/new/"),
        {"staff"},
        404,
        denied=dict.fromkeys(MEMBERS, 403),
    ),
    # --- API ---
    Case("api stations list", lambda w: "/api/v1/stations", VIEWERS, 403),
    Case("api station detail", _at(api=True), INSIDE, 404),
    Case("api station roster", _at("/roster", api=True), INSIDE, 404),
    Case(
        "api station receptions",
        _at("/receptions", api=True),
        {"member", "staff"},
        404,
        denied=OTHER_MEMBERS,
    ),
    Case(
        "api station reception create",
        _at("/receptions", api=True),
        {"member", "staff"},
        404,
        "post",
        ok_status=201,
        denied=OTHER_MEMBERS,
        data=RECEPTION_JSON,
    ),
]
