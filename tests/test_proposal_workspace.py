"""The workspace shows each person their proposal work."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from ningju.proposals import services as s
from ningju.proposals.choices import HandlingMode
from tests import factories
from tests.test_proposal_services import DURING_PLENARY, draft, registered

pytestmark = pytest.mark.django_db


def _page(w: factories.ProposalWorld, username: str) -> str:
    client = Client()
    client.force_login(w[username])
    return client.get("/workspace/").content.decode()


@time_machine.travel(DURING_PLENARY)
def test_each_role_sees_its_proposal_tasks(pworld: factories.ProposalWorld) -> None:
    w = pworld
    draft(w)
    assert "未提交的提案草稿" in _page(w, "member")
    submitted = draft(w, username="director")
    s.submit(acting_user=w["director"], proposal=submitted)
    assert "待初审的提案" in _page(w, "staff")
    proposal = registered(w)
    assert "待交办的提案" in _page(w, "staff")
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    page = _page(w, "unit_officer")
    assert "办理中的提案" in page
    assert "目前没有交办" not in page
    assert "提案工作" not in _page(w, "auditor")
