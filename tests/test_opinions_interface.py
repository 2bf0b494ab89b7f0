"""The interface other areas call: `opinion_draft_create` and the `opinions:edit` page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ningju.core.errors import DomainError
from ningju.core.models import AuditEvent
from ningju.opinions.choices import Status
from ningju.opinions.services import opinion_draft_create

pytestmark = pytest.mark.django_db


def test_a_member_gets_a_prefilled_draft_they_can_open(world, login) -> None:
    member = world["member"]
    opinion = opinion_draft_create(
        acting_user=member,
        title="关于延吉市北山街老旧小区加装电梯的情况和建议",
        situation="居民反映……",
        source_note="委员联络站接待",
    )
    assert opinion.status == Status.DRAFT
    assert opinion.organisation_id == world.prefecture.pk
    assert [c.member.user_id for c in opinion.contributors.all()] == [member.pk]
    assert AuditEvent.objects.filter(
        action="opinion.draft_create", object_id=str(opinion.pk)
    ).exists()
    page = login(member).get(reverse("opinions:edit", args=[opinion.pk]))
    assert page.status_code == 200
    assert "居民反映……" in page.content.decode()
    assert "委员联络站接待" in page.content.decode()


@pytest.mark.parametrize("username", ["staff", "public", "unit_officer"])
def test_people_who_are_not_members_cannot_start_a_draft(world, username) -> None:
    with pytest.raises(DomainError):
        opinion_draft_create(acting_user=world[username], title="x")
