"""The proposal chain through /api/v1/proposals: the same rules as the pages."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ningju.members.models import Member
from ningju.proposals.models import Category, ResultCategory
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))


def _client(w: factories.ProposalWorld, username: str) -> Client:
    client = Client()
    client.force_login(w[username])
    return client


def _post(client: Client, url: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@time_machine.travel(DURING_PLENARY)
def test_chain_through_the_api(pworld: factories.ProposalWorld) -> None:
    w = pworld
    member = _client(w, "member")
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    cosigner = Member.objects.get(name="朴英顺")
    response = _post(
        member,
        "/api/v1/proposals",
        {
            "title": "关于改善延吉市老旧小区供暖的建议",
            "situation": "部分老旧小区冬季室温不达标。",
            "suggestions": "加快管网改造，建立投诉快速响应机制。",
            "proposer_type": "joint",
            "category_id": category.pk,
            "cosigner_ids": [cosigner.pk],
        },
    )
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert _post(member, f"/api/v1/proposals/{pid}/submit").json()["status"] == "cosigning"
    assert (
        _post(_client(w, "standing"), f"/api/v1/proposals/{pid}/cosign", {"accept": True}).json()[
            "status"
        ]
        == "submitted"
    )
    staff = _client(w, "staff")
    assert (
        _post(staff, f"/api/v1/proposals/{pid}/review", {"outcome": "pass"}).json()["status"]
        == "in_review"
    )
    body = _post(
        _client(w, "pdirector"), f"/api/v1/proposals/{pid}/review", {"outcome": "register"}
    ).json()
    assert body["status"] == "registered"
    assert body["number"] == 1
    body = _post(
        staff, f"/api/v1/proposals/{pid}/assign", {"mode": "lead", "lead_unit_id": w.units[0].pk}
    ).json()
    assert body["status"] == "handling"
    assignment_id = body["assignments"][0]["id"]
    officer = _client(w, "unit_officer")
    category_b = ResultCategory.objects.get(organisation=w.prefecture, code="B").pk
    reply = _post(
        officer,
        f"/api/v1/proposals/assignments/{assignment_id}/reply",
        {
            "body": "我局已将老旧小区供暖管网改造列入今年计划，分两批实施。",
            "result_category_id": category_b,
        },
    ).json()
    assert (
        _post(officer, f"/api/v1/proposals/replies/{reply['id']}/send").json()["status"]
        == "awaiting_signer"
    )
    assert (
        _post(
            _client(w, "unit_signer"),
            f"/api/v1/proposals/replies/{reply['id']}/sign",
            {"approve": True},
        ).json()["status"]
        == "submitted"
    )
    assert (
        _post(staff, f"/api/v1/proposals/replies/{reply['id']}/review", {"approve": True}).json()[
            "status"
        ]
        == "approved"
    )
    assert member.get(f"/api/v1/proposals/{pid}").json()["status"] == "replied"
    for username in ("member", "standing"):
        response = _post(
            _client(w, username),
            f"/api/v1/proposals/{pid}/rating",
            {"attitude": "satisfied", "result": "basically"},
        )
        assert response.status_code == 200
    assert response.json()["status"] == "completed"


@time_machine.travel(DURING_PLENARY)
def test_api_errors_use_one_envelope(pworld: factories.ProposalWorld) -> None:
    w = pworld
    member = _client(w, "member")
    pid = _post(member, "/api/v1/proposals", {"title": "改善供暖"}).json()["id"]
    response = _post(member, f"/api/v1/proposals/{pid}/submit")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_proposal"
    assert "关于" in body["message"]
    assert body["detail"]["field"] == "title"
    # Another member cannot see the draft: the same 404 as a missing proposal.
    other = _client(w, "standing")
    assert (
        other.get(f"/api/v1/proposals/{pid}").json() == other.get("/api/v1/proposals/999999").json()
    )
    assert other.get(f"/api/v1/proposals/{pid}").status_code == 404
    # A unit officer may not create proposals.
    response = _post(_client(w, "unit_officer"), "/api/v1/proposals", {"title": "x"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    # Bad input shape.
    response = _post(member, f"/api/v1/proposals/{pid}/review", {"comment": 1})
    assert response.status_code == 422


def test_openapi_lists_the_proposal_operations(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}/review",
        "/api/v1/proposals/replies/{reply_id}/sign",
    ):
        assert path in paths
