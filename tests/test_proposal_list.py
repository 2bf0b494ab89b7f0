"""The proposal list: who sees what, search, and a query count that does not grow."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from ningju.proposals import services as s
from tests import factories
from tests.test_proposal_services import DURING_PLENARY, draft

pytestmark = pytest.mark.django_db


def _client(w: factories.ProposalWorld, username: str) -> Client:
    client = Client()
    client.force_login(w[username])
    client.get("/proposals/")  # the first request of a session writes it; measure the next
    return client


@time_machine.travel(DURING_PLENARY)
def test_list_query_count_is_constant(
    pworld: factories.ProposalWorld, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    w = pworld
    for _ in range(60):
        s.submit(acting_user=w["member"], proposal=draft(w))
    for username in ("staff", "member", "chair"):
        client = _client(w, username)
        with django_assert_max_num_queries(12):
            response = client.get("/proposals/")
        assert response.status_code == 200
        assert "加快长白山人参产业高质量发展" in response.content.decode()


@time_machine.travel(DURING_PLENARY)
def test_list_shows_only_what_each_person_may_see(pworld: factories.ProposalWorld) -> None:
    w = pworld
    mine = draft(w)  # a draft: only its author sees it
    submitted = draft(w, username="director")
    s.submit(acting_user=w["director"], proposal=submitted)
    staff_page = _client(w, "staff").get("/proposals/").content.decode()
    assert f"/proposals/{submitted.pk}/" in staff_page
    assert f"/proposals/{mine.pk}/" not in staff_page
    member_page = _client(w, "member").get("/proposals/").content.decode()
    assert f"/proposals/{mine.pk}/" in member_page
    assert f"/proposals/{submitted.pk}/" not in member_page
    assert (
        f"/proposals/{submitted.pk}/"
        not in _client(w, "county_staff").get("/proposals/").content.decode()
    )
    assert _client(w, "unit_officer").get("/proposals/").status_code == 200


@time_machine.travel(DURING_PLENARY)
def test_list_search_accepts_traditional_characters_and_numbers(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    from tests.test_proposal_services import registered

    proposal = registered(w)
    client = _client(w, "staff")
    assert (
        f"/proposals/{proposal.pk}/" in client.get("/proposals/", {"q": "長白山"}).content.decode()
    )
    assert f"/proposals/{proposal.pk}/" in client.get("/proposals/", {"q": "1"}).content.decode()
    assert (
        f"/proposals/{proposal.pk}/"
        not in client.get("/proposals/", {"q": "供暖"}).content.decode()
    )
