"""The 微建议 and 办实事 chains through /api/v1/, with the same rules as the pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from ningju.matters.models import Matter
from ningju.suggestions.models import Suggestion
from tests import factories
from tests.suggestions_factories import jpeg, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _client(world: factories.World, username: str) -> Client:
    client = Client()
    client.force_login(world[username])
    return client


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_suggestion_chain_through_the_api(world: factories.World) -> None:
    member = _client(world, "member")
    staff = _client(world, "staff")
    officer = _client(world, "unit_officer")

    response = _post(
        member,
        "/api/v1/suggestions",
        {
            "title": "朝汉双语路名牌",
            "body": "新修道路的路名牌缺少朝鲜文。",
            "category": "bilingual",
        },
    )
    assert response.status_code == 201
    created = response.json()
    sid = created["id"]
    assert created["status"] == "submitted"
    assert created["allowed_actions"] == []
    assert member.get("/api/v1/suggestions/mine").json()["count"] == 1

    queue = staff.get("/api/v1/suggestions/queue?status=submitted").json()
    assert [row["id"] for row in queue["results"]] == [sid]
    assert queue["counts"]["submitted"] == 1
    detail = staff.get(f"/api/v1/suggestions/{sid}").json()
    assert set(detail["allowed_actions"]) == {"reject", "assign"}

    # Neither one nor both assignees: refused, nothing changes.
    response = _post(staff, f"/api/v1/suggestions/{sid}/actions/assign", {})
    assert response.status_code == 400
    assert response.json()["detail"]["field"] == "unit"
    response = _post(
        staff, f"/api/v1/suggestions/{sid}/actions/assign", {"unit_id": unit(world).pk}
    )
    assert response.json()["status"] == "assigned"

    # The author cannot reply; the unit can.
    assert (
        _post(member, f"/api/v1/suggestions/{sid}/actions/reply", {"reply": "x"}).status_code == 403
    )
    response = _post(
        officer, f"/api/v1/suggestions/{sid}/actions/reply", {"reply": "年内全部更换。"}
    )
    assert response.json()["status"] == "replied"
    # Until approved, the author does not get the reply.
    assert member.get(f"/api/v1/suggestions/{sid}").json()["reply"] == ""

    response = _post(staff, f"/api/v1/suggestions/{sid}/actions/publish", {})
    assert response.json()["status"] == "closed"
    assert response.json()["is_published"] is True
    assert member.get(f"/api/v1/suggestions/{sid}").json()["reply"] == "年内全部更换。"
    # A closed suggestion takes no more actions.
    response = _post(staff, f"/api/v1/suggestions/{sid}/actions/return", {"reason": "x"})
    assert response.status_code == 400
    assert response.json()["code"] == "transition_not_allowed"
    assert _post(staff, f"/api/v1/suggestions/{sid}/actions/nonsense", {}).status_code == 404


def test_api_bad_input_and_scoping(world: factories.World) -> None:
    member = _client(world, "member")
    response = _post(member, "/api/v1/suggestions", {"title": "路灯", "body": "长" * 501})
    assert response.status_code == 400
    assert response.json()["code"] == "too_long"
    assert response.json()["detail"]["field"] == "body"
    assert not Suggestion.objects.exists()
    response = _post(member, "/api/v1/suggestions", {"title": "路灯"})
    assert response.status_code == 422
    held = _post(member, "/api/v1/suggestions", {"title": "举报", "body": "有人代开发票"}).json()
    assert held["status"] == "held"
    # Another committee's staff cannot tell it exists.
    county = _client(world, "county_staff")
    assert county.get(f"/api/v1/suggestions/{held['id']}").status_code == 404
    assert (
        county.get("/api/v1/suggestions/999999").json()
        == county.get(f"/api/v1/suggestions/{held['id']}").json()
    )


def test_matter_chain_through_the_api(world: factories.World) -> None:
    from ningju.matters import services

    staff = _client(world, "staff")
    owner = _client(world, "member")
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = _post(
        staff,
        "/api/v1/matters",
        {
            "title": "龙井市农村客运班线加密",
            "description": "村民反映班车太少。",
            "deadline": deadline,
            "owner_member_id": world["member"].principal.member_id,
            "source_kind": "consultation",
        },
    )
    assert response.status_code == 201
    mid = response.json()["id"]
    assert response.json()["overdue"] is False
    assert response.json()["days_left"] == 20

    response = _post(
        owner, f"/api/v1/matters/{mid}/progress", {"note": "已与客运公司协商", "percent": 50}
    )
    assert response.json()["status"] == "in_progress"
    assert response.json()["updates"][0]["percent"] == 50
    response = _post(owner, f"/api/v1/matters/{mid}/actions/report_done", {"summary": "已加密"})
    assert response.status_code == 400
    assert response.json()["code"] == "evidence_required"
    services.matter_evidence_add(
        acting_user=world["member"], matter=Matter.objects.get(pk=mid), file=jpeg()
    )
    response = _post(owner, f"/api/v1/matters/{mid}/actions/report_done", {"summary": "已加密"})
    assert response.json()["status"] == "reported"
    assert response.json()["evidence"][0]["url"].startswith(f"/matters/{mid}/evidence/")
    assert _post(owner, f"/api/v1/matters/{mid}/actions/confirm", {}).status_code == 403
    response = _post(staff, f"/api/v1/matters/{mid}/actions/confirm", {})
    assert response.json()["status"] == "completed"
    completed = owner.get("/api/v1/matters/completed").json()
    assert [m["title"] for m in completed] == ["龙井市农村客运班线加密"]
    listing = staff.get("/api/v1/matters?status=completed").json()
    assert listing["counts"]["completed"] == 1
    assert listing["results"][0]["id"] == mid


def test_matter_api_refuses_owners_from_another_committee(world: factories.World) -> None:
    staff = _client(world, "staff")
    response = _post(
        staff,
        "/api/v1/matters",
        {
            "title": "x",
            "description": "y",
            "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "owner_member_id": world["county_member"].principal.member_id,
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"]["field"] == "owner_member_id"
    assert not Matter.objects.exists()
