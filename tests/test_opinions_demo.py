"""The 社情民意 demo, the nav entry and the workspace panel."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from ningju.accounts.models import User
from ningju.devtools import demo_data, demo_opinions
from ningju.opinions.models import Instruction, JournalIssue, Opinion
from ningju.opinions.nav import nav_items
from ningju.opinions.panels import panels
from ningju.opinions.statistics import opinion_figures
from tests import opinions_factories as of

pytestmark = pytest.mark.django_db


def test_demo_loads_a_realistic_year_quickly() -> None:
    demo_data.load()
    started = time.monotonic()
    counts = demo_opinions.load()
    # About 2 s on SQLite and 5-12 s on PostgreSQL on the shared 2-core machine.
    assert time.monotonic() - started < 20
    assert counts["社情民意 州政协 issues"] == 6
    assert counts["社情民意 延吉市政协 issues"] == 3
    for org in ("yanbian", "yanji"):
        numbers = sorted(
            JournalIssue.objects.filter(organisation__code=org).values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    assert Instruction.objects.filter(is_confidential=True).exists()
    member = User.objects.get(username="member")
    mine = Opinion.objects.filter(contributors__member__user=member)
    assert mine.filter(status="adopted", instructions__isnull=False).exists()
    assert mine.filter(status="draft").exists()
    staff = User.objects.get(username="staff")
    year = JournalIssue.objects.latest("published_on").year
    figures = opinion_figures(organisation_id=staff.organisation_id, year=year)
    assert figures.total.counts["adopted"] >= 5
    client = Client()
    client.force_login(staff)
    for url in ("/opinions/queue/", "/opinions/issues/", "/opinions/stats/", "/workspace/"):
        assert client.get(url).status_code == 200, url


def test_nav_and_panel(world, django_assert_num_queries) -> None:
    of.submitted(world)
    of.edited(world, "standing")
    of.draft(world)
    staff, member, public = world["staff"], world["member"], world["public"]
    for user in (staff, member, public):
        user.principal  # noqa: B018 - loaded once per request before nav runs
    with django_assert_num_queries(0):
        assert [i.url for i in nav_items(staff)] == ["/opinions/queue/"]
        assert [i.url for i in nav_items(member)] == ["/opinions/mine/"]
        assert nav_items(public) == []
    office = {t.label: t.count for t in panels(staff)[0].tasks}
    assert office["新提交，待筛选"] == 1
    assert office["已编辑，待编入期刊"] == 1
    mine = {t.label: t.count for t in panels(member)[0].tasks}
    assert mine["未提交的社情民意草稿"] == 1
    assert panels(public) == []
