"""Activity totals for a known dataset: campaigns, brands, annual per organisation and the
prefecture's figure including its county. Only confirmed activities count."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from ningju.activities import selectors, services
from ningju.members.models import Member
from tests import activities_factories as af
from tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DAY = date(2026, 6, 1)


@pytest.fixture
def dataset(world: factories.World) -> dict[str, object]:
    with time_machine.travel(NOW, tick=False):
        p, c = world.prefecture, world.county
        k1 = af.campaign(p, people_served=1000, value_donated=Decimal("100000"))
        k2 = af.campaign(p, title="五大工程·十大行动", people_served=0, value_donated=0)
        brand = services.brand_save(
            acting_user=af.staff_of(p), name="送医送药送健康", committee_id=None
        )
        member = Member.objects.get(name="金哲洙")
        common = {"occurred_on": DAY, "value_donated": 0, "people_served": 0}
        a1 = af.office_activity(
            p,
            participant_ids=[member.pk],
            **common
            | {
                "people_served": 300,
                "value_donated": Decimal("41000.00"),
                "campaign_id": k1.pk,
                "brand_id": brand.pk,
            },
        )
        af.office_activity(
            p,
            kind="donation",
            **common
            | {"items_donated": 500, "value_donated": Decimal("12000.50"), "campaign_id": k1.pk},
        )
        af.office_activity(
            p, kind="tree_planting", **common | {"trees_planted": 200, "brand_id": brand.pk}
        )
        af.office_activity(p, kind="investment", **common | {"projects_signed": 3})
        # Not counted: returned, draft, submitted, an office draft, and last year's.
        for state, people in (("returned", 999), ("draft", 888), ("submitted", 777)):
            af.member_activity(
                world["member"],
                state=state,
                **common | {"people_served": people, "campaign_id": k1.pk, "brand_id": brand.pk},
            )
        af.office_activity(p, confirm=False, **common | {"people_served": 555})
        af.office_activity(p, **common | {"occurred_on": date(2025, 12, 30), "people_served": 50})
        # The county.
        af.office_activity(c, **common | {"people_served": 100, "value_donated": Decimal("5000")})
        af.office_activity(c, confirm=False, **common | {"people_served": 1000})
        af.member_activity(world["county_member"], state="submitted", **common)
    return {"k1": k1, "k2": k2, "brand": brand, "a1": a1}


def _campaign_totals_and_progress(world: factories.World, dataset: dict) -> None:
    campaigns = {c.pk: c for c in selectors.campaigns_with_totals(user=world["staff"])}
    k1 = campaigns[dataset["k1"].pk]
    assert k1.total_activity_count == 2
    assert k1.total_people_served == 300
    assert k1.total_value_donated == Decimal("53000.50")
    assert k1.total_items_donated == 500
    assert k1.total_trees_planted == 0
    progress = {p.name: p for p in selectors.campaign_progress(k1)}
    assert progress["people_served"].percent == 30
    assert progress["value_donated"].percent == 53
    assert progress["activity_count"].done == 2
    empty = campaigns[dataset["k2"].pk]
    assert empty.total_activity_count == 0
    assert empty.total_value_donated == Decimal("0")


def _brand_totals(world: factories.World, dataset: dict) -> None:
    brand = selectors.brand_get(user=world["member"], brand_id=dataset["brand"].pk)
    assert brand.total_activity_count == 2
    assert brand.total_people_served == 300
    assert brand.total_trees_planted == 200
    assert brand.total_value_donated == Decimal("41000.00")


def _annual_totals_own_and_with_counties(world: factories.World, dataset: dict) -> None:
    prefecture = selectors.annual_totals(user=world["staff"], year=2026)
    assert prefecture.own["activity_count"] == 4
    assert prefecture.own["people_served"] == 300
    assert prefecture.own["value_donated"] == Decimal("53000.50")
    assert prefecture.own["items_donated"] == 500
    assert prefecture.own["trees_planted"] == 200
    assert prefecture.own["projects_signed"] == 3
    assert prefecture.combined["activity_count"] == 5
    assert prefecture.combined["people_served"] == 400
    assert prefecture.combined["value_donated"] == Decimal("58000.50")
    assert [row["name"] for row in prefecture.by_organisation] == ["延边州政协", "延吉市政协"]
    county = selectors.annual_totals(user=world["county_staff"], year=2026)
    assert [row["name"] for row in county.by_organisation] == ["延吉市政协"]
    assert county.combined["people_served"] == county.own["people_served"] == 100
    last_year = selectors.annual_totals(user=world["staff"], year=2025)
    assert last_year.combined["people_served"] == 50


def _the_pages_show_the_totals(world: factories.World, dataset: dict) -> None:
    client = Client()
    client.force_login(world["chair"])
    with time_machine.travel(NOW, tick=False):
        totals = client.get("/activities/totals/?year=2026").content.decode()
        campaign = client.get(f"/activities/campaigns/{dataset['k1'].pk}/").content.decode()
        brand = client.get(f"/activities/brands/{dataset['brand'].pk}/").content.decode()
    assert "58000.50" in totals
    assert "延吉市政协" in totals
    assert '<dd data-figure="people_served">300</dd>' in campaign
    assert "53000.50" in campaign
    assert "777" not in campaign
    assert "888" not in campaign
    assert "41000.00" in brand


def _duty_records_of_the_confirmed_activity(world: factories.World, dataset: dict) -> None:
    from ningju.performance.models import DutyRecord

    records = DutyRecord.objects.filter(source_id=str(dataset["a1"].pk), is_void=False)
    assert [(r.member.name, r.kind) for r in records] == [("金哲洙", "public_welfare")]


def test_known_dataset_totals(world: factories.World, dataset: dict) -> None:
    """Every total of the dataset, on the selectors and on the pages."""
    _campaign_totals_and_progress(world, dataset)
    _brand_totals(world, dataset)
    _annual_totals_own_and_with_counties(world, dataset)
    _the_pages_show_the_totals(world, dataset)
    _duty_records_of_the_confirmed_activity(world, dataset)


def test_list_pages_query_counts(
    world: factories.World, dataset: dict, django_assert_max_num_queries
) -> None:
    with time_machine.travel(NOW, tick=False):
        for _ in range(20):
            af.office_activity(world.prefecture, occurred_on=DAY, campaign_id=dataset["k1"].pk)
    client = Client()
    client.force_login(world["staff"])
    client.get("/activities/")  # warm the session and principal
    for url in (
        "/activities/",
        "/activities/campaigns/",
        "/activities/brands/",
        "/activities/totals/",
        "/activities/review/",
        f"/activities/campaigns/{dataset['k1'].pk}/",
        "/api/v1/activities",
        "/api/v1/activities/campaigns",
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url
    with time_machine.travel(NOW, tick=False):
        session = af.study_session(world.prefecture, held_on=DAY)
        book = af.book(world.prefecture)
        for n in range(15):
            af.study_session(world.prefecture, held_on=DAY, title=f"学习{n}")
            af.book(world.prefecture, title=f"书{n}")
    for url in (
        "/study/",
        f"/study/{session.pk}/",
        "/study/books/",
        "/study/groups/",
        "/study/calendar/",
        "/study/talks/",
        "/api/v1/study/sessions",
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url
    member = Client()
    member.force_login(world["member"])
    member.get("/study/reading/")
    with time_machine.travel(NOW, tick=False):
        for n in range(15):
            services.checkin_create(
                acting_user=world["member"],
                data=services.CheckInData(book_id=book.pk, read_on=DAY, pages=n + 1),
            )
    # 我的读书 renders two forms with book choices, the summary and the list: 17 queries,
    # whatever the number of check-ins.
    limits = {"/study/reading/": 18, "/workspace/": 25}
    for url in ("/study/reading/", "/activities/mine/", "/api/v1/reading/checkins", "/workspace/"):
        with django_assert_max_num_queries(limits.get(url, 16)):
            assert member.get(url).status_code == 200, url
    # Traditional input finds simplified records.
    with time_machine.travel(NOW, tick=False):
        af.office_activity(world.prefecture, occurred_on=DAY, title="珲春市敬信镇植树")
    found = member.get("/activities/?q=琿春").content.decode()
    assert "珲春市敬信镇植树" in found
    assert "送医送药送健康进社区义诊" not in found
    assert member.get("/api/v1/activities?q=琿春").json()["count"] == 1
