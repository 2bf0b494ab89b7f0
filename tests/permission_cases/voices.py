"""Authorisation rows of 有事来商量 (ningju/voices, ningju/api/voices.py).

Office pages: any office staff of the committee (other committees' staff get 404 for a
request that is not theirs). Receivers (the member, a station's members, a unit's officer)
open and answer what was routed to them. Roles that never work with requests get 403;
everyone else 404 for a request they may not see.

The public pages (/consult/...) and the two anonymous API operations are open to everyone by
design, so they cannot sit in CASES (test_anonymous_is_sent_to_login): PUBLIC_CASES lists
them and tests/test_voices_permissions.py checks every role and anonymous against them.
"""

from __future__ import annotations

from collections.abc import Callable

from tests import factories
from tests import voices_factories as vf
from tests.matrix import Case

ROLE_LESS = {"unit_signer", "editor", "public", "sysadmin", "secadmin", "auditor"}
MEMBERS = {"member", "standing", "chair", "director"}
MAY_USE = MEMBERS | {"staff", "unit_officer", "county_staff", "county_member"}
FORBIDDEN = dict.fromkeys(ROLE_LESS, 403)


def _req(state: str, suffix: str = "", *, api: bool = False) -> Callable[[factories.World], str]:
    """A fresh prefecture request in `state` (routed ones go to the member 金哲洙)."""

    def build(w: factories.World) -> str:
        vf.clear_limits()
        item = vf.in_state(w, state)
        base = f"/api/v1/requests/{item.pk}" if api else f"/voices/{item.pk}/"
        return base + suffix

    return build


def _merge_data(w: factories.World) -> dict[str, int]:
    return {"into": vf.submit(w.prefecture, title="合并目标").pk}


def _route_data(w: factories.World) -> dict[str, object]:
    from ningju.members.models import Member

    return {"kind": "member", "member": Member.objects.get(name="金哲洙").pk}


def _api_route_data(w: factories.World) -> dict[str, object]:
    from ningju.members.models import Member

    return {"kind": "member", "member_id": Member.objects.get(name="金哲洙").pk}


CASES = [
    Case("voices list", lambda w: "/voices/", MAY_USE, 403),
    Case("voices detail", _req("routed"), {"member", "staff"}, 404, denied=FORBIDDEN),
    Case("voices held detail", _req("held"), {"staff"}, 404, denied=FORBIDDEN),
    Case(
        "voices release",
        _req("held", "release/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=FORBIDDEN,
    ),
    Case(
        "voices reject",
        _req("received", "reject/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=FORBIDDEN,
        data={"reason": "属于信访事项，请向信访部门反映"},
    ),
    Case(
        "voices merge",
        _req("received", "merge/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=FORBIDDEN,
        data=_merge_data,
    ),
    Case("voices route form", _req("received", "route/"), {"staff"}, 404, denied=FORBIDDEN),
    Case(
        "voices route",
        _req("received", "route/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=FORBIDDEN,
        data=_route_data,
    ),
    Case(
        "voices answer",
        _req("routed", "answer/"),
        {"member", "staff"},
        404,
        "post",
        ok_status=302,
        denied=FORBIDDEN,
        data={"outcome": "已联系街道办，路灯本周修复。"},
    ),
    Case(
        "voices publish",
        _req("answered", "publish/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied={**FORBIDDEN, "member": 403},
    ),
    Case(
        "voices unpublish",
        _req("published", "unpublish/"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied={**FORBIDDEN, "member": 403},
    ),
    Case(
        "voices phone reveal",
        _req("routed", "phone/"),
        {"member", "staff"},
        404,
        "post",
        denied=FORBIDDEN,
    ),
    # --- API ---
    Case("api voices list", lambda w: "/api/v1/requests", MAY_USE, 403),
    Case("api voices detail", _req("routed", api=True), {"member", "staff"}, 404, denied=FORBIDDEN),
    Case(
        "api voices release",
        _req("held", "/release", api=True),
        {"staff"},
        404,
        "post",
        denied=FORBIDDEN,
        data={},
    ),
    Case(
        "api voices reject",
        _req("received", "/reject", api=True),
        {"staff"},
        404,
        "post",
        denied=FORBIDDEN,
        data={"reason": "不属于政协职责范围"},
    ),
    Case(
        "api voices route",
        _req("received", "/route", api=True),
        {"staff"},
        404,
        "post",
        denied=FORBIDDEN,
        data=_api_route_data,
    ),
    Case(
        "api voices answer",
        _req("routed", "/answer", api=True),
        {"member", "staff"},
        404,
        "post",
        denied=FORBIDDEN,
        data={"outcome": "已与社区沟通，问题解决。"},
    ),
    Case(
        "api voices publish",
        _req("answered", "/publish", api=True),
        {"staff"},
        404,
        "post",
        denied={**FORBIDDEN, "member": 403},
        data={},
    ),
]

EVERYONE = set(factories.ROLE_USERS)


def _published(w: factories.World) -> str:
    vf.clear_limits()
    return f"/consult/outcomes/{vf.in_state(w, 'published').pk}/"


PUBLIC_CASES = [
    Case("consult page", lambda w: "/consult/", EVERYONE, 0),
    Case("consult track", lambda w: "/consult/track/", EVERYONE, 0),
    Case("consult outcome", _published, EVERYONE, 0),
    # thanks: without a submission in the session it sends people back to the form.
    Case("consult thanks", lambda w: "/consult/thanks/", EVERYONE, 0, ok_status=302),
    Case(
        "api voices submit",
        lambda w: "/api/v1/requests/public",
        EVERYONE,
        0,
        "post",
        ok_status=400,  # empty consent: refused with the field named, for anyone alike
        data=lambda w: {
            "organisation_id": w.prefecture.pk,
            "subject": "urban",
            "title": "路灯",
            "text": "河南街道路灯不亮已经很久了。",
            "phone": "13900001111",
        },
    ),
    Case(
        "api voices track",
        lambda w: "/api/v1/requests/track",
        EVERYONE,
        0,
        "post",
        ok_status=404,
        data={"code": "AAAA-AAAA", "last4": "1234"},
    ),
]
