"""Every role against every page and API operation this foundation ships.

Each row: URL (built from the world), HTTP method, and the set of roles that succeed.
Everyone else gets the refusal given in the row (403 for role-gated pages, 404 where the
object itself is scoped, so outsiders cannot tell "missing" from "forbidden").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from ningju.members.models import Member
from tests import factories
from tests.factories import ROLE_USERS

pytestmark = pytest.mark.django_db

INSIDERS = {"member", "standing", "chair", "director", "staff"}
COUNTY_INSIDERS = {"county_staff", "county_member"}
STAFF = {"staff"}
ALL = set(ROLE_USERS)


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[factories.World], str]
    allowed: set[str]
    denied_status: int
    method: str = "get"


def _member_id(w: factories.World) -> int:
    return Member.objects.get(name="金哲洙").pk


def _county_member_id(w: factories.World) -> int:
    return Member.objects.get(name="崔明日").pk


CASES = [
    Case("workspace", lambda w: "/workspace/", ALL, 200),
    Case("directory", lambda w: "/members/", INSIDERS | COUNTY_INSIDERS, 403),
    Case("member detail", lambda w: f"/members/{_member_id(w)}/", INSIDERS, 404),
    Case(
        "county member detail", lambda w: f"/members/{_county_member_id(w)}/", COUNTY_INSIDERS, 404
    ),
    Case("member edit", lambda w: f"/members/{_member_id(w)}/edit/", STAFF, 404),
    Case("member create", lambda w: "/members/new/", STAFF | {"county_staff"}, 403),
    Case("reveal", lambda w: f"/members/{_member_id(w)}/reveal/", STAFF, 404, "post"),
    Case("accounts", lambda w: "/accounts/users/", {"sysadmin"}, 403),
    Case("account create", lambda w: "/accounts/users/new/", {"sysadmin"}, 403),
    Case("roles", lambda w: "/accounts/roles/", {"secadmin"}, 403),
    Case("user roles", lambda w: f"/accounts/users/{w['staff'].pk}/roles/", {"secadmin"}, 403),
    Case("audit", lambda w: "/audit/", {"auditor"}, 403),
    Case("audit verify", lambda w: "/audit/verify/", {"auditor"}, 403),
    Case("audit export", lambda w: "/audit/export.csv", {"auditor"}, 403),
    Case("api me", lambda w: "/api/v1/me", ALL, 200),
    Case("api members", lambda w: "/api/v1/members", INSIDERS | COUNTY_INSIDERS, 403),
    Case("api member", lambda w: f"/api/v1/members/{_member_id(w)}", INSIDERS, 404),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_authorisation_matrix(world: factories.World, case: Case) -> None:
    url = case.url(world)
    for username in ROLE_USERS:
        client = Client()
        client.force_login(world[username])
        response = getattr(client, case.method)(url)
        expected = 200 if username in case.allowed else case.denied_status
        assert response.status_code == expected, (
            f"{case.name}: {username} got {response.status_code}"
        )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_is_sent_to_login(world: factories.World, case: Case) -> None:
    response = getattr(Client(), case.method)(case.url(world))
    if case.url(world).startswith("/api/"):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/")


def _normalised(content: bytes, path: str) -> bytes:
    # CSRF tokens are masked differently on every response and the page echoes its own
    # path in the language form; nothing else may differ.
    content = content.replace(path.encode(), b"PATH")
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", content)


def test_missing_and_forbidden_look_the_same(world: factories.World) -> None:
    client = Client()
    client.force_login(world["staff"])
    forbidden_path = f"/members/{_county_member_id(world)}/"
    missing = client.get("/members/999999/")
    forbidden = client.get(forbidden_path)
    assert missing.status_code == forbidden.status_code == 404
    assert _normalised(missing.content, "/members/999999/") == _normalised(
        forbidden.content, forbidden_path
    )
    api_missing = client.get("/api/v1/members/999999")
    api_forbidden = client.get(f"/api/v1/members/{_county_member_id(world)}")
    assert api_missing.status_code == api_forbidden.status_code == 404
    assert api_missing.json() == api_forbidden.json()
