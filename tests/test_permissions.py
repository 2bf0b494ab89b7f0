"""Every role against every page and API operation this foundation ships.

Each row: URL (built from the world), HTTP method, and the set of roles that succeed.
Everyone else gets the refusal given in the row (403 for role-gated pages, 404 where the
object itself is scoped, so outsiders cannot tell "missing" from "forbidden"); `denied`
overrides it for single roles (the other organisation's staff pass the role check and then
get 404 for an object that is not theirs). tests/test_url_coverage.py fails when a URL or
API operation has no row here.

A row whose request changes state builds a fresh object in its `url` lambda, and only one
role can succeed, so the other roles see the same state.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from ningju.accounts import services as account_services
from ningju.accounts.choices import Role
from ningju.accounts.models import RoleGrant, User
from ningju.members import importing
from ningju.members.models import Member, MemberImport
from ningju.orgs.models import Organisation
from tests import factories
from tests.factories import ROLE_USERS

pytestmark = pytest.mark.django_db

INSIDERS = {"member", "standing", "chair", "director", "staff"}
COUNTY_INSIDERS = {"county_staff", "county_member"}
STAFF = {"staff"}
ANY_STAFF = {"staff", "county_staff"}  # role-gated lists: each sees its own organisation
ALL = set(ROLE_USERS)
_fresh = itertools.count(1)


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[factories.World], str]
    allowed: set[str]
    denied_status: int
    method: str = "get"
    ok_status: int = 200  # what an allowed role gets (302 for a POST that redirects)
    denied: dict[str, int] = field(default_factory=dict)  # per-role refusal, if different
    data: dict[str, Any] | None = None  # the POST body; an empty form re-renders with errors

    def expected(self, username: str) -> int:
        if username in self.allowed:
            return self.ok_status
        return self.denied.get(username, self.denied_status)


def _member_id(w: factories.World) -> int:
    return Member.objects.get(name="金哲洙").pk


def _county_member_id(w: factories.World) -> int:
    return Member.objects.get(name="崔明日").pk


def _import(org: Organisation, uploader: User, *, with_errors: bool = False) -> int:
    """A finished import of `org` (the status and error-list pages need one)."""
    problems = [importing.problem(2, "姓名", importing.MSG_REQUIRED)] if with_errors else []
    job = MemberImport.objects.create(
        organisation=org,
        uploaded_by=uploader,
        file_name="委员.xlsx",
        content=b"",
        status=MemberImport.Status.INVALID if with_errors else MemberImport.Status.COMMITTED,
        errors=problems,
    )
    return job.pk


def _fresh_user(org: Organisation) -> User:
    """A new account to change, so the row does not alter anyone another row uses."""
    return factories.user(org, f"subject{next(_fresh)}")


def _fresh_grant(org: Organisation) -> int:
    grant: RoleGrant = account_services.role_grant(
        acting_user=None, user=_fresh_user(org), role=Role.PORTAL_EDITOR
    )
    return grant.pk


CASES = [
    Case("workspace", lambda w: "/workspace/", ALL, 200),
    # --- members ---
    Case("directory", lambda w: "/members/", INSIDERS | COUNTY_INSIDERS, 403),
    Case("member detail", lambda w: f"/members/{_member_id(w)}/", INSIDERS, 404),
    Case(
        "county member detail", lambda w: f"/members/{_county_member_id(w)}/", COUNTY_INSIDERS, 404
    ),
    Case("member edit", lambda w: f"/members/{_member_id(w)}/edit/", STAFF, 404),
    Case(
        "member edit post",
        lambda w: f"/members/{_member_id(w)}/edit/",
        STAFF,
        404,
        "post",
        data={},
    ),
    Case(
        "county member edit",
        lambda w: f"/members/{_county_member_id(w)}/edit/",
        {"county_staff"},
        404,
    ),
    Case("member create", lambda w: "/members/new/", ANY_STAFF, 403),
    Case("member create post", lambda w: "/members/new/", ANY_STAFF, 403, "post", data={}),
    Case("reveal", lambda w: f"/members/{_member_id(w)}/reveal/", STAFF, 404, "post"),
    Case(
        "county reveal",
        lambda w: f"/members/{_county_member_id(w)}/reveal/",
        {"county_staff"},
        404,
        "post",
    ),
    # --- member import and export ---
    Case("member import", lambda w: "/members/import/", ANY_STAFF, 403),
    Case("member import post", lambda w: "/members/import/", ANY_STAFF, 403, "post", data={}),
    Case("import template", lambda w: "/members/import/template.xlsx", ANY_STAFF, 403),
    Case(
        "import status",
        lambda w: f"/members/import/{_import(w.prefecture, w['staff'])}/",
        STAFF,
        403,
        denied={"county_staff": 404},
    ),
    Case(
        "county import status",
        lambda w: f"/members/import/{_import(w.county, w['county_staff'])}/",
        {"county_staff"},
        403,
        denied={"staff": 404},
    ),
    Case(
        "import errors",
        lambda w: (
            f"/members/import/{_import(w.prefecture, w['staff'], with_errors=True)}/errors.xlsx"
        ),
        STAFF,
        403,
        denied={"county_staff": 404},
    ),
    Case(
        "county import errors",
        lambda w: (
            f"/members/import/{_import(w.county, w['county_staff'], with_errors=True)}/errors.xlsx"
        ),
        {"county_staff"},
        403,
        denied={"staff": 404},
    ),
    Case("member export", lambda w: "/members/export/", ANY_STAFF, 403),
    Case("member export download", lambda w: "/members/export/", ANY_STAFF, 403, "post", data={}),
    # --- accounts and roles (三员分立) ---
    Case("accounts", lambda w: "/accounts/users/", {"sysadmin"}, 403),
    Case("account create", lambda w: "/accounts/users/new/", {"sysadmin"}, 403),
    Case(
        "account create post", lambda w: "/accounts/users/new/", {"sysadmin"}, 403, "post", data={}
    ),
    Case(
        "account toggle",
        lambda w: f"/accounts/users/{_fresh_user(w.prefecture).pk}/toggle/",
        {"sysadmin"},
        403,
        "post",
        ok_status=302,
    ),
    Case(
        "account toggle of another organisation",
        lambda w: f"/accounts/users/{_fresh_user(w.county).pk}/toggle/",
        set(),
        403,
        "post",
        denied={"sysadmin": 404},
    ),
    # --- one's own account: password, session, security page, two-factor ---
    Case("password change", lambda w: "/accounts/password/", ALL, 200),
    Case("keepalive", lambda w: "/accounts/keepalive/", ALL, 200, "post", ok_status=204),
    Case("my security", lambda w: "/accounts/security/", ALL, 200),
    Case("two-factor status", lambda w: "/accounts/2fa/", ALL, 200),
    Case("two-factor setup", lambda w: "/accounts/2fa/setup/", ALL, 200),
    Case("two-factor verify", lambda w: "/accounts/2fa/verify/", ALL, 200, ok_status=302),
    Case("recovery codes", lambda w: "/accounts/2fa/recovery-codes/", ALL, 200),
    Case("recovery codes renew", lambda w: "/accounts/2fa/recovery-codes/new/", ALL, 200, "post"),
    Case("two-factor disable", lambda w: "/accounts/2fa/disable/", ALL, 200, "post"),
    # --- security admin: policy, roles, two-factor reset ---
    Case("security policy", lambda w: "/accounts/policy/", {"secadmin"}, 403),
    Case(
        "two-factor reset",
        lambda w: f"/accounts/users/{_fresh_user(w.prefecture).pk}/2fa/reset/",
        {"secadmin"},
        403,
        "post",
        ok_status=302,
    ),
    Case(
        "two-factor reset of another organisation",
        lambda w: f"/accounts/users/{_fresh_user(w.county).pk}/2fa/reset/",
        set(),
        403,
        "post",
        denied={"secadmin": 404},
    ),
    Case("roles", lambda w: "/accounts/roles/", {"secadmin"}, 403),
    Case("user roles", lambda w: f"/accounts/users/{w['staff'].pk}/roles/", {"secadmin"}, 403),
    Case(
        "user roles post",
        lambda w: f"/accounts/users/{w['staff'].pk}/roles/",
        {"secadmin"},
        403,
        "post",
        data={},
    ),
    Case(
        "user roles of another organisation",
        lambda w: f"/accounts/users/{w['county_staff'].pk}/roles/",
        set(),
        403,
        denied={"secadmin": 404},
    ),
    Case(
        "role revoke",
        lambda w: f"/accounts/roles/{_fresh_grant(w.prefecture)}/revoke/",
        {"secadmin"},
        403,
        "post",
        ok_status=302,
    ),
    Case(
        "role revoke of another organisation",
        lambda w: f"/accounts/roles/{_fresh_grant(w.county)}/revoke/",
        set(),
        403,
        "post",
        denied={"secadmin": 404},
    ),
    # --- audit ---
    Case("audit", lambda w: "/audit/", {"auditor"}, 403),
    Case("audit verify", lambda w: "/audit/verify/", {"auditor"}, 403),
    Case("audit export", lambda w: "/audit/export.csv", {"auditor"}, 403),
    # --- API ---
    Case("api me", lambda w: "/api/v1/me", ALL, 200),
    Case("api members", lambda w: "/api/v1/members", INSIDERS | COUNTY_INSIDERS, 403),
    Case("api member", lambda w: f"/api/v1/members/{_member_id(w)}", INSIDERS, 404),
    Case(
        "api county member",
        lambda w: f"/api/v1/members/{_county_member_id(w)}",
        COUNTY_INSIDERS,
        404,
    ),
]

# --- notifications (ningju/notify): everyone has their own inbox ---
# A fresh notification for "member": only its owner may open it; for everyone else it is
# "not found". Kept as a separate block so concurrent additions above do not collide.


def _notification_for_member(w: factories.World) -> int:
    from ningju.notify.services import notify

    (notification,) = notify(
        recipients=[w["member"]],
        event="test.permissions",
        title="测试通知",
        body="",
        url="/workspace/",
        organisation=w.prefecture,
        channels={"inapp"},
    )
    return notification.pk


CASES += [
    Case("notifications", lambda w: "/notifications/", ALL, 200),
    Case("notifications badge", lambda w: "/notifications/badge/", ALL, 200),
    Case(
        "notifications mark all read",
        lambda w: "/notifications/read-all/",
        ALL,
        403,
        "post",
        ok_status=302,
    ),
    Case(
        "notification open",
        lambda w: f"/notifications/{_notification_for_member(w)}/open/",
        {"member"},
        404,
        ok_status=302,
    ),
    Case(
        "notification open post",
        lambda w: f"/notifications/{_notification_for_member(w)}/open/",
        {"member"},
        404,
        "post",
        ok_status=302,
    ),
    Case("api notifications", lambda w: "/api/v1/notifications", ALL, 200),
    Case(
        "api notifications read all",
        lambda w: "/api/v1/notifications/read-all",
        ALL,
        403,
        "post",
    ),
    Case(
        "api notification read",
        lambda w: f"/api/v1/notifications/{_notification_for_member(w)}/read",
        {"member"},
        404,
        "post",
    ),
]
# --- end notifications ---


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_authorisation_matrix(world: factories.World, case: Case) -> None:
    url = case.url(world)
    body = {"data": case.data} if case.data is not None else {}
    for username in ROLE_USERS:
        client = Client()
        client.force_login(world[username])
        response = getattr(client, case.method)(url, **body)
        expected = case.expected(username)
        assert response.status_code == expected, (
            f"{case.name}: {username} got {response.status_code}, expected {expected}"
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
