"""提案答复公开: the public site lists approved replies marked 主动公开, and nothing else."""

from __future__ import annotations

import pytest

from ningju.proposals.choices import Publicity
from ningju.proposals.models import Proposal, Reply
from ningju.proposals.selectors import replies_public
from tests import factories

pytestmark = pytest.mark.django_db


def test_only_approved_public_replies_with_consent_are_listed(
    pworld: factories.ProposalWorld, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    w = pworld.base
    shown = factories.proposal_in_state(w, "replied", co=False)
    withheld = factories.proposal_in_state(w, "replied", co=False)
    Reply.objects.filter(pk=withheld.reply.pk).update(publicity=Publicity.NOT_PUBLIC)  # type: ignore[attr-defined]
    no_consent = factories.proposal_in_state(w, "replied", co=False)
    Proposal.objects.filter(pk=no_consent.proposal.pk).update(consent_to_publish=False)  # type: ignore[attr-defined]
    factories.proposal_in_state(w, "reply_submitted", co=False)  # not yet approved

    with django_assert_num_queries(1):
        rows = replies_public(organisation=w.prefecture, limit=10)
    assert [r.title for r in rows] == [shown.proposal.title]  # type: ignore[attr-defined]
    assert rows[0].unit == str(shown.lead.unit)  # type: ignore[attr-defined]
    assert rows[0].replied_on is not None
    assert replies_public(organisation=w.county, limit=10) == []


def test_the_public_home_page_shows_them(pworld: factories.ProposalWorld, client) -> None:  # type: ignore[no-untyped-def]
    state = factories.proposal_in_state(pworld.base, "replied", co=False)
    from django.core.cache import cache

    cache.clear()
    page = client.get("/").content.decode()
    assert state.proposal.title in page  # type: ignore[attr-defined]
