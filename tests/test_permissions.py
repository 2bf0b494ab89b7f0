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
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ningju.accounts import services as account_services
from ningju.accounts.choices import Role
from ningju.accounts.models import RoleGrant, User
from ningju.members import importing
from ningju.members.models import Member, MemberImport
from ningju.orgs.models import Organisation
from tests import factories
from tests.factories import ROLE_USERS
from tests.matrix import ALL, ANY_STAFF, COUNTY_INSIDERS, INSIDERS, STAFF, Case

pytestmark = pytest.mark.django_db

_fresh = itertools.count(1)


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

# --- proposals (ningju/proposals, /api/v1/proposals) ---
# Every row builds a fresh prefecture proposal (tests/factories.proposal_in_state) by
# "member", in the state the page needs. Who sees it (selectors.proposals_visible_to): its
# author and proposers, the 提案委 office ("staff") and the chair meeting ("chair") once it is
# submitted, and the assigned units (units[0] = "unit_officer"/"unit_signer"). Everyone else,
# the county included, gets 404; a role that sees it but may not act gets 403. Forms are
# posted empty (or without the confirming field), so an allowed role gets the page back with
# errors and nothing changes. Rows that do change state let exactly one role succeed; roles
# after it in ROLE_USERS see the new state, which the row's `denied` spells out where it
# matters.

MEMBERS = {"member", "standing", "chair", "director", "county_member"}  # proposals.create
STATISTICS = {"staff", "chair", "county_staff"}  # proposals.view_statistics
UNIT = {"unit_officer", "unit_signer"}
AUTHOR_OFFICE_LEADERS = {"member", "staff", "chair"}  # who sees a submitted proposal
WITH_UNIT = AUTHOR_OFFICE_LEADERS | UNIT  # … once it is assigned to units[0]


def _forbidden(*roles: str) -> dict[str, int]:
    return dict.fromkeys(roles, 403)


def _state(w: factories.World, state: str, **options: Any) -> factories.ProposalState:
    return factories.proposal_in_state(w, state, **options)


def _proposal(state: str, suffix: str = "", **options: Any) -> Callable[[factories.World], str]:
    """/proposals/<id>/<suffix> of a fresh proposal in `state`."""
    return lambda w: f"/proposals/{_state(w, state, **options).proposal.pk}/{suffix}"  # type: ignore[attr-defined]


def _api_proposal(state: str, suffix: str = "") -> Callable[[factories.World], str]:
    return lambda w: f"/api/v1/proposals/{_state(w, state).proposal.pk}{suffix}"  # type: ignore[attr-defined]


def _assignment(
    state: str, suffix: str = "", *, api: bool = False, which: str = "lead"
) -> Callable[[factories.World], str]:
    """The lead (units[0]) or co-handling (units[1]) assignment of a fresh proposal."""
    prefix = "/api/v1/proposals/assignments" if api else "/proposals/assignments"
    return lambda w: f"{prefix}/{getattr(_state(w, state), which).pk}/{suffix}"


def _reply(
    state: str, suffix: str = "", *, api: bool = False, **options: Any
) -> Callable[[factories.World], str]:
    """The lead unit's reply letter of a fresh proposal."""
    prefix = "/api/v1/proposals/replies" if api else "/proposals/replies"
    return lambda w: f"{prefix}/{_state(w, state, **options).reply.pk}/{suffix}"  # type: ignore[attr-defined]


def _session(w: factories.World) -> int:
    from ningju.orgs.models import Session

    factories.ensure_proposal_setup(w)
    return Session.objects.get(term__organisation=w.prefecture, term__is_current=True).pk


def _result_category(w: factories.World, code: str = "B") -> int:
    from ningju.proposals.models import ResultCategory

    factories.ensure_proposal_setup(w)
    return ResultCategory.objects.get(organisation=w.prefecture, code=code).pk


_DRAFT_BODY = {"title": "关于发展冰雪旅游的建议", "situation": "延边冰雪资源丰富。"}


CASES += [
    # --- shared pages (views.py) ---
    Case("proposals", lambda w: "/proposals/", ALL, 200),
    Case("proposal detail", _proposal("handling"), WITH_UNIT, 404),
    Case("proposal draft detail", _proposal("draft"), {"member"}, 404),
    # the named co-signer ("standing") sees it only once the invitation is sent
    Case("proposal draft naming a co-signer", _proposal("draft", joint=True), {"member"}, 404),
    Case(
        "proposal co-signer invited",
        _proposal("cosigning"),
        AUTHOR_OFFICE_LEADERS | {"standing"},
        404,
    ),
    # --- member pages (views_member.py) ---
    Case("proposal create", lambda w: "/proposals/new/", MEMBERS, 403),
    Case("proposal create post", lambda w: "/proposals/new/", MEMBERS, 403, "post", data={}),
    Case("my proposals", lambda w: "/proposals/mine/", MEMBERS, 403),
    Case(
        "similar proposals",
        lambda w: "/proposals/similar/?title=关于加快人参产业发展的建议",
        MEMBERS | ANY_STAFF,
        403,
    ),
    Case("co-signer search", lambda w: "/proposals/members/search/?q=朴", MEMBERS, 403),
    Case("proposal edit", _proposal("draft", "edit/"), {"member"}, 404),
    Case("proposal edit post", _proposal("draft", "edit/"), {"member"}, 404, "post", data={}),
    Case(
        "proposal edit once submitted",
        _proposal("submitted", "edit/"),
        {"member"},
        404,
        ok_status=302,  # the author is sent to the detail page: nothing left to edit
        denied=_forbidden("staff", "chair"),
    ),
    Case("proposal autosave", _proposal("draft", "autosave/"), {"member"}, 404, "post", data={}),
    Case("proposal submit", _proposal("draft", "submit/"), {"member"}, 404, "post", data={}),
    Case(
        "proposal withdraw",
        _proposal("submitted", "withdraw/"),
        {"member"},
        404,
        denied=_forbidden("staff", "chair"),
    ),
    Case(
        "proposal withdraw post",
        _proposal("submitted", "withdraw/"),
        {"member"},
        404,
        "post",
        data={},  # without confirm=yes: the question again
        denied=_forbidden("staff", "chair"),
    ),
    Case(
        "proposal cosign",
        _proposal("cosigning", "cosign/"),
        {"standing"},
        404,
        denied=_forbidden("member", "staff", "chair"),
    ),
    Case(
        "proposal cosign post",
        _proposal("cosigning", "cosign/"),
        {"standing"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "staff", "chair"),
    ),
    Case(
        "proposal rate",
        _proposal("replied", "rate/"),
        {"member"},
        404,
        denied=_forbidden("staff", "chair", *UNIT),
    ),
    Case(
        "proposal rate post",
        _proposal("replied", "rate/"),
        {"member"},
        404,
        "post",
        data={},
        denied=_forbidden("staff", "chair", *UNIT),
    ),
    # --- the office and the proposal leaders (views_office.py) ---
    Case("review queue", lambda w: "/proposals/review/", {"staff", "chair", "county_staff"}, 403),
    Case(
        "review 初审",
        _proposal("submitted", "review/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair"),
    ),
    Case(
        "review 初审 post",
        _proposal("submitted", "review/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair"),
    ),
    Case(
        "review 复审",
        _proposal("in_review", "review/"),
        {"chair"},
        404,
        denied=_forbidden("member", "staff"),
    ),
    Case(
        "assign",
        _proposal("registered", "assign/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair"),
    ),
    Case(
        "assign post",
        _proposal("registered", "assign/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair"),
    ),
    Case("handling desk", lambda w: "/proposals/handling/", ANY_STAFF, 403),
    Case(
        "objection decide",
        _assignment("objected", "objection/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "objection decide post",
        _assignment("objected", "objection/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "extension decide",
        _assignment("extension_requested", "extension/decide/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "extension decide post",
        _assignment("extension_requested", "extension/decide/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "reply review",
        _reply("reply_submitted", "review/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "reply review post",
        _reply("reply_submitted", "review/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "offline feedback",
        _proposal("replied", "feedback/offline/"),
        {"staff"},
        404,
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "offline feedback post",
        _proposal("replied", "feedback/offline/"),
        {"staff"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "key proposal",
        _proposal("registered", "key/"),
        {"chair"},
        404,
        denied=_forbidden("member", "staff"),
    ),
    Case(
        "key proposal post",
        _proposal("registered", "key/"),
        {"chair"},
        404,
        "post",
        data={},
        denied=_forbidden("member", "staff"),
    ),
    Case(
        "supervision",
        _proposal("registered", "supervision/"),
        {"staff", "chair"},
        404,
        denied=_forbidden("member"),
    ),
    Case(
        "excellent",
        _proposal("replied", "excellent/"),
        {"chair"},
        404,
        "post",
        ok_status=302,  # back to the detail page, now 优秀提案
        denied=_forbidden("member", "staff", *UNIT),
    ),
    # --- handling units (views_unit.py) ---
    Case("unit queue", lambda w: "/proposals/unit/", UNIT, 403),
    Case("assignment", _assignment("handling"), UNIT | {"staff", "chair"}, 404),
    Case(
        "objection",
        _assignment("handling", "object/"),
        {"unit_officer"},
        404,
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "objection post",
        _assignment("handling", "object/"),
        {"unit_officer"},
        404,
        "post",
        data={},
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "objection to another unit's assignment",
        _assignment("handling", "object/", which="co"),
        set(),
        404,
        denied=_forbidden(*UNIT, "staff", "chair"),  # the partner unit sees it, may not act
    ),
    Case(
        "extension",
        _assignment("handling", "extension/"),
        {"unit_officer"},
        404,
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "extension post",
        _assignment("handling", "extension/"),
        {"unit_officer"},
        404,
        "post",
        data={},
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "meeting",
        _assignment("handling", "meeting/"),
        {"unit_officer"},
        404,
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "meeting post",
        _assignment("handling", "meeting/"),
        {"unit_officer"},
        404,
        "post",
        data={},
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "reply",
        _assignment("handling", "reply/"),
        {"unit_officer"},
        404,
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "reply post",
        _assignment("handling", "reply/"),
        {"unit_officer"},
        404,
        "post",
        data={},
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    Case(
        "reply send",
        _reply("reply_draft", "send/"),
        {"unit_officer"},
        404,
        "post",
        ok_status=302,
        denied=_forbidden("unit_signer", "staff", "chair"),
    ),
    # units[1] leads and units[0] co-handles: 会签 is units[0]'s (officer or signer).
    Case("reply cosign", _reply("reply_cosigning", "cosign/", lead=1), UNIT, 404),
    Case(
        "reply cosign post",
        _reply("reply_cosigning", "cosign/", lead=1),
        UNIT,
        404,
        "post",
        data={},
    ),
    Case(
        "reply sign",
        _reply("reply_awaiting_signer", "sign/", co=False),
        {"unit_signer"},
        404,
        denied=_forbidden("unit_officer", "staff", "chair"),
    ),
    Case(
        "reply sign post",
        _reply("reply_awaiting_signer", "sign/", co=False),
        {"unit_signer"},
        404,
        "post",
        data={},
        denied=_forbidden("unit_officer", "staff", "chair"),
    ),
    # --- statistics and documents (views_stats.py) ---
    Case("reply letter docx", _reply("replied", "letter.docx"), WITH_UNIT, 404),
    Case("reply letter pdf", _reply("replied", "letter.pdf"), WITH_UNIT, 404),
    Case(
        "reply letter before approval",
        _reply("reply_submitted", "letter.docx"),
        UNIT | {"staff", "chair"},
        404,  # the proposer gets it once the office has approved it
    ),
    Case("statistics", lambda w: "/proposals/statistics/", STATISTICS, 403),
    Case("statistics export", lambda w: "/proposals/statistics.xlsx", STATISTICS, 403),
    Case(
        "compilation",
        lambda w: f"/proposals/compilation.docx?session={_session(w)}",
        {"staff", "chair"},
        403,
        denied={"county_staff": 404},  # another committee's session
    ),
    # --- API ---
    Case("api proposals", lambda w: "/api/v1/proposals", ALL, 200),
    Case(
        "api proposal create",
        lambda w: "/api/v1/proposals",
        MEMBERS,
        403,
        "post",
        ok_status=201,  # each member starts a draft of their own
        data=_DRAFT_BODY,
    ),
    Case("api proposal", _api_proposal("handling"), WITH_UNIT, 404),
    Case(
        "api proposal update",
        _api_proposal("draft"),
        {"member"},
        404,
        "put",
        data=_DRAFT_BODY,
    ),
    Case(
        "api proposal update once submitted",
        _api_proposal("submitted"),
        set(),
        404,
        "put",
        data=_DRAFT_BODY,
        denied={"member": 400, "staff": 403, "chair": 403},
    ),
    Case(
        "api proposal submit",
        _api_proposal("draft", "/submit"),
        {"member"},
        404,
        "post",
        # once "member" has submitted it, the office and the chair see it but may not
        denied=_forbidden("staff", "chair"),
    ),
    Case(
        "api proposal withdraw",
        _api_proposal("submitted", "/withdraw"),
        {"member"},
        404,
        "post",
        denied=_forbidden("staff", "chair"),
    ),
    Case(
        "api proposal cosign",
        _api_proposal("cosigning", "/cosign"),
        {"standing"},
        404,
        "post",
        data={"accept": True},
        # after "standing" the proposal is submitted: no longer open for co-signing
        denied={"member": 403, "chair": 400, "staff": 400},
    ),
    Case(
        "api proposal review 初审",
        _api_proposal("submitted", "/review"),
        {"staff"},
        404,
        "post",
        data={"outcome": "pass"},
        denied=_forbidden("member", "chair"),
    ),
    Case(
        "api proposal review 复审",
        _api_proposal("in_review", "/review"),
        {"chair"},
        404,
        "post",
        data={"outcome": "register"},
        # after "chair" it is registered: no longer under review
        denied={"member": 403, "staff": 400},
    ),
    Case(
        "api proposal assign",
        _api_proposal("registered", "/assign"),
        {"staff"},
        404,
        "post",
        data=lambda w: {"mode": "lead", "lead_unit_id": factories.ensure_proposal_setup(w)[0].pk},
        # after "staff" it is units[0]'s: its people see it but may not assign it
        denied=_forbidden("member", "chair", *UNIT),
    ),
    Case(
        "api proposal rating",
        _api_proposal("replied", "/rating"),
        {"member"},
        404,
        "post",
        data={"attitude": "satisfied", "result": "satisfied"},
        denied=_forbidden("staff", "chair", *UNIT),
    ),
    Case(
        "api objection",
        _assignment("handling", "objection", api=True),
        {"unit_officer"},
        404,
        "post",
        data={"reason": "该事项不属于本单位职责。"},
        denied=_forbidden("member", "staff", "chair", "unit_signer"),
    ),
    Case(
        "api objection to another unit's assignment",
        _assignment("handling", "objection", api=True, which="co"),
        set(),
        404,
        "post",
        data={"reason": "该事项不属于本单位职责。"},
        denied=_forbidden("member", "staff", "chair", *UNIT),
    ),
    Case(
        "api extension",
        _assignment("handling", "extension", api=True),
        {"unit_officer"},
        404,
        "post",
        data=lambda w: {
            # later than the 3-month deadline, within the 6-month limit
            "until": (timezone.localdate() + timedelta(days=120)).isoformat(),
            "reason": "需要会同多个部门调研。",
        },
        denied=_forbidden("member", "staff", "chair", "unit_signer"),
    ),
    Case(
        "api meeting",
        _assignment("handling", "meeting", api=True),
        {"unit_officer"},
        404,
        "post",
        data={"form": "visit", "held_on": "2026-01-12", "notes": "走访提案人"},
        denied=_forbidden("member", "staff", "chair", "unit_signer"),
    ),
    Case(
        "api reply",
        _assignment("handling", "reply", api=True),
        {"unit_officer"},
        404,
        "post",
        data=lambda w: {
            "body": "经研究，我局已将该建议列入明年工作计划，具体措施如下。",
            "result_category_id": _result_category(w),
        },
        denied=_forbidden("member", "staff", "chair", "unit_signer"),
    ),
    Case(
        "api reply send",
        _reply("reply_draft", "send", api=True),
        {"unit_officer"},
        404,
        "post",
        denied=_forbidden("member", "staff", "chair", "unit_signer"),
    ),
    Case(
        "api reply cosign",
        _reply("reply_cosigning", "cosign", api=True, lead=1),
        {"unit_officer"},
        404,
        "post",
        data={"agreed": True},
        # both of units[0] may 会签; after its officer has, it is no longer open
        denied={"unit_signer": 400},
    ),
    Case(
        "api reply sign",
        _reply("reply_awaiting_signer", "sign", api=True, co=False),
        {"unit_signer"},
        404,
        "post",
        data={"approve": True},
        denied=_forbidden("member", "staff", "chair", "unit_officer"),
    ),
    Case(
        "api reply review",
        _reply("reply_submitted", "review", api=True),
        {"staff"},
        404,
        "post",
        data={"approve": True},
        denied=_forbidden("member", "chair", *UNIT),
    ),
]
# --- end proposals ---


def _area_cases() -> list[Case]:
    """Rows from tests/permission_cases/<area>.py, in file-name order."""
    import importlib
    import pkgutil

    from tests import permission_cases

    rows: list[Case] = []
    for info in sorted(pkgutil.iter_modules(permission_cases.__path__), key=lambda i: i.name):
        rows.extend(importlib.import_module(f"tests.permission_cases.{info.name}").CASES)
    return rows


CASES += _area_cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_authorisation_matrix(world: factories.World, case: Case) -> None:
    url = case.url(world)
    data = case.data(world) if callable(case.data) else case.data
    body: dict[str, Any] = {}
    if data is not None and url.startswith("/api/"):
        body = {"data": json.dumps(data), "content_type": "application/json"}
    elif data is not None:
        body = {"data": data}
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
    url = case.url(world)  # once: a proposal row builds a fresh proposal on every call
    data = case.data(world) if callable(case.data) else case.data
    body: dict[str, Any] = {}
    if case.anonymous is not None and data is not None:
        if url.startswith("/api/"):
            body = {"data": json.dumps(data), "content_type": "application/json"}
        else:
            body = {"data": data}
    response = getattr(Client(), case.method)(url, **body)
    if case.anonymous is not None:
        assert response.status_code == case.anonymous, (
            f"{case.name}: anonymous got {response.status_code}, expected {case.anonymous}"
        )
    elif url.startswith("/api/"):
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


# --- proposal attachments (ningju/proposals/views_attachments.py) ---
# Uploading and removing: the author only, while the proposal is editable (others who see it
# get 403, everyone else 404). An empty upload form sends the author back with a message
# (302); once submitted, the author is sent to the detail page, refused. Downloading: whoever
# sees the proposal (selectors.proposals_visible_to); a draft's files only its author.

_ATTACHMENT_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _attachment(state: str, suffix: str = "") -> Callable[[factories.World], str]:
    """/proposals/attachments/<aid>/<suffix> of a file on a fresh proposal in `state` (stored
    directly: the service only adds files while the proposal is editable)."""

    def build(w: factories.World) -> str:
        from django.core.files.base import ContentFile

        from ningju.proposals.models import Attachment

        proposal = _state(w, state).proposal
        attachment = Attachment(
            proposal=proposal,
            original_name="调研报告.pdf",
            content_type="application/pdf",
            size=len(_ATTACHMENT_PDF),
            uploaded_by=proposal.created_by,  # type: ignore[attr-defined]
        )
        attachment.file.save("upload", ContentFile(_ATTACHMENT_PDF), save=True)
        return f"/proposals/attachments/{attachment.pk}/{suffix}"

    return build


CASES += [
    Case(
        "proposal attachment upload",
        _proposal("draft", "attachments/"),
        {"member"},
        404,
        "post",
        ok_status=302,
        data={},
    ),
    Case(
        "proposal attachment upload once submitted",
        _proposal("submitted", "attachments/"),
        {"member"},
        404,
        "post",
        ok_status=302,
        data={},
        denied=_forbidden("staff", "chair"),
    ),
    Case("proposal attachment download", _attachment("handling"), WITH_UNIT, 404),
    Case("proposal draft attachment download", _attachment("draft"), {"member"}, 404),
    Case(
        "proposal attachment remove",
        _attachment("draft", "remove/"),
        {"member"},
        404,
        "post",
        ok_status=302,
    ),
    Case(
        "proposal attachment remove once submitted",
        _attachment("submitted", "remove/"),
        {"member"},
        404,
        "post",
        ok_status=302,  # refused: the author is sent to the detail page, the file stays
        denied=_forbidden("staff", "chair"),
    ),
]
# --- end proposal attachments ---
