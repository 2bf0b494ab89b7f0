"""The activities demo: a year of records for the demo accounts, fast and deterministic."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from ningju.accounts.models import User
from ningju.activities import selectors
from ningju.activities.models import Activity, CheckIn, StudySession
from ningju.devtools import demo_activities, demo_data

pytestmark = pytest.mark.django_db


def test_demo_loads_a_year_quickly() -> None:
    demo_data.load()
    started = time.monotonic()
    counts = demo_activities.load()
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert counts["activities"] == 54
    assert counts["check-ins"] == 36
    assert set(StudySession.objects.values_list("kind", flat=True)) == {
        "centre_group",
        "chair_meeting",
        "standing_committee",
        "member_training",
        "lecture_hall",
        "reading",
    }
    assert Activity.objects.filter(status="submitted").count() == 2
    staff = User.objects.get(username="staff")
    totals = selectors.annual_totals(
        user=staff, year=Activity.objects.latest("occurred_on").occurred_on.year
    )
    assert totals.combined["people_served"] > totals.own["people_served"] > 0
    client = Client()
    client.force_login(User.objects.get(username="member2"))
    page = client.get("/study/reading/").content.decode()
    assert CheckIn.objects.filter(member__user__username="member2").count() == 18
    assert "“书香政协”第一读书小组" in page
    assert demo_activities.load() == {}  # a second run adds nothing
