"""Statistics on a known set, the year-end notice, and the API chain."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from ningju.notify.models import Notification
from ningju.opinions import services
from ningju.opinions.models import Opinion
from ningju.opinions.statistics import opinion_figures
from tests import opinions_factories as of

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _submitted_on(opinion: Opinion, when: datetime) -> None:
    Opinion.objects.filter(pk=opinion.pk).update(submitted_at=when)
    opinion.refresh_from_db()


def _known_year(world) -> None:  # type: ignore[no-untyped-def]
    staff = world["staff"]
    a = of.submitted(world, "member", title="A")
    d = of.submitted(world, "standing", title="D")
    services.opinion_merge(acting_user=staff, opinion=d, into=a)
    services.opinion_edit(acting_user=staff, opinion=a, edited_title="A", edited_body="正文")
    c = of.edited(world, "standing", title="C")
    issue1 = of.issue(world, year=2025)
    services.opinion_compile(acting_user=staff, opinion=a, issue=issue1)
    services.opinion_compile(acting_user=staff, opinion=c, issue=issue1)
    services.issue_publish(acting_user=staff, issue=issue1, published_on=date(2025, 4, 1))
    a.refresh_from_db()
    c.refresh_from_db()
    services.opinion_report(
        acting_user=staff, opinion=a, targets=["provincial_cppcc"], reported_on=date(2025, 4, 5)
    )
    services.opinion_report(
        acting_user=staff, opinion=c, targets=["party_committee"], reported_on=date(2025, 4, 5)
    )
    services.opinion_adopt(
        acting_user=staff,
        opinion=a,
        level="provincial_cppcc",
        body="省政协办公厅",
        adopted_on=date(2025, 5, 1),
    )
    services.opinion_adopt(
        acting_user=staff,
        opinion=a,
        level="prefecture",
        body="州委办公室",
        adopted_on=date(2025, 5, 2),
    )
    services.opinion_adopt(
        acting_user=staff,
        opinion=c,
        level="prefecture",
        body="州政府办公室",
        adopted_on=date(2025, 4, 20),
    )
    services.opinion_instruct(
        acting_user=staff,
        opinion=a,
        leader_level="provincial",
        text="阅。",
        instructed_on=date(2025, 6, 1),
    )
    b = of.submitted(world, "member", title="B")
    services.opinion_decline(acting_user=staff, opinion=b, reason="已有同类信息")
    e = of.edited(
        world, "member", title="E", contributor_kind="party", unit_name="民盟延边州委员会"
    )
    issue2 = of.issue(world, year=2025)
    services.opinion_compile(acting_user=staff, opinion=e, issue=issue2)
    services.issue_publish(acting_user=staff, issue=issue2, published_on=date(2025, 1, 10))
    e.refresh_from_db()
    services.opinion_instruct(
        acting_user=staff,
        opinion=e,
        leader_level="prefecture",
        text="请研究。",
        instructed_on=date(2025, 2, 1),
    )
    g = of.submitted(world, "director", title="G")
    services.opinion_withdraw(acting_user=world["director"], opinion=g)
    of.draft(world, "member", title="F")
    of.submitted(world, "county_member", title="县里的信息")  # another organisation
    for opinion, when in (
        (a, datetime(2025, 3, 1, 10, tzinfo=SH)),
        (d, datetime(2025, 3, 2, 10, tzinfo=SH)),
        (c, datetime(2025, 2, 1, 10, tzinfo=SH)),
        # 07:00 on 1 January in Yanbian is still 31 December in UTC: it belongs to 2025.
        (b, datetime(2025, 1, 1, 7, tzinfo=SH)),
        (e, datetime(2024, 12, 31, 20, tzinfo=SH)),
        (g, datetime(2025, 3, 1, 10, tzinfo=SH)),
    ):
        _submitted_on(opinion, when)


def _counts(row) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(row.counts)


def test_every_figure_of_a_known_year(world) -> None:
    _known_year(world)
    f = opinion_figures(organisation_id=world.prefecture.pk, year=2025)
    assert _counts(f.total) == {
        "submitted": 4,  # A, B, C, D (G withdrawn, E in 2024, F a draft)
        "compiled": 3,  # A, C (issue of 1 April), E (issue of 10 January)
        "reported": 2,
        "adopted": 2,
        "adopted_high": 1,
        "instructed": 2,
    }
    members = {row.label: _counts(row) for row in f.by_member}
    assert members == {
        "金哲洙": {
            "submitted": 2,
            "compiled": 2,
            "reported": 1,
            "adopted": 1,
            "adopted_high": 1,
            "instructed": 2,
        },
        # Credited on A through the merge of D.
        "朴英顺": {
            "submitted": 3,
            "compiled": 2,
            "reported": 2,
            "adopted": 2,
            "adopted_high": 1,
            "instructed": 1,
        },
    }
    units = {row.label: _counts(row) for row in f.by_unit}
    assert units == {
        "委员个人": {
            "submitted": 4,
            "compiled": 2,
            "reported": 2,
            "adopted": 2,
            "adopted_high": 1,
            "instructed": 1,
        },
        "民盟延边州委员会": {
            "submitted": 0,
            "compiled": 1,
            "reported": 0,
            "adopted": 0,
            "adopted_high": 0,
            "instructed": 1,
        },
    }
    levels = dict(f.by_level)
    assert levels["省政协采用"] == 1
    assert levels["州委、州政府采用"] == 2
    assert sum(levels.values()) == 3
    previous = opinion_figures(organisation_id=world.prefecture.pk, year=2024)
    assert _counts(previous.total)["submitted"] == 1
    assert sum(_counts(previous.total).values()) == 1

    # The page shows the same figures; the workbook too.
    client = Client()
    client.force_login(world["chair"])
    page = client.get("/opinions/stats/?year=2025").content.decode()
    assert "金哲洙" in page
    assert "民盟延边州委员会" in page
    workbook = client.get("/opinions/stats/xlsx/?year=2025")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(workbook.content)).worksheets[0]
    rows = {r[0]: list(r[2:]) for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["金哲洙"] == [2, 2, 1, 1, 1, 2]
    assert rows["合计"] == [4, 3, 2, 2, 1, 2]


def test_year_end_notice_tells_each_contributor_once(world) -> None:
    _known_year(world)
    call_command("opinions_year_notice", "--year", "2025", "--organisation", "yanbian")
    notices = Notification.objects.filter(event="opinion.year_notice")
    assert sorted(n.recipient.username for n in notices) == ["member", "standing"]
    body = notices.get(recipient=world["member"]).body
    assert "报送社情民意信息2条" in body
    assert "编入《社情民意》2条" in body
    assert "被上级采用1条" in body
    assert "获领导批示2条" in body
    assert services.year_notices_send(organisation_id=world.prefecture.pk, year=2025) == 0


def test_the_chain_through_the_api(world) -> None:
    member, staff = Client(), Client()
    member.force_login(world["member"])
    staff.force_login(world["staff"])

    def post(client: Client, url: str, data: dict | None = None):  # type: ignore[no-untyped-def]
        return client.post(url, json.dumps(data or {}), content_type="application/json")

    created = post(member, "/api/v1/opinions", {"title": "关于图们江沿岸垃圾清理的建议"})
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = post(member, f"/api/v1/opinions/{pk}/submit")
    assert refused.status_code == 400
    assert refused.json()["detail"]["field"] == "situation"
    updated = member.put(
        f"/api/v1/opinions/{pk}",
        json.dumps({"title": "关于图们江沿岸垃圾清理的建议", **of.TEXT}),
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert post(member, f"/api/v1/opinions/{pk}/submit").json()["status"] == "submitted"
    assert [r["id"] for r in staff.get("/api/v1/opinions/queue").json()["results"]] == [pk]
    assert post(staff, f"/api/v1/opinions/{pk}/screen").json()["status"] == "screening"
    edited = post(
        staff, f"/api/v1/opinions/{pk}/edit", {"edited_title": "图们江垃圾", "edited_body": "正文"}
    )
    assert edited.json()["status"] == "edited"
    issue = post(staff, "/api/v1/opinions/issues", {"year": 2026}).json()
    assert issue["label"] == "2026年第1期"
    assert (
        post(staff, f"/api/v1/opinions/{pk}/compile", {"issue_id": issue["id"]}).status_code == 200
    )
    assert (
        post(staff, f"/api/v1/opinions/issues/{issue['id']}/publish").json()["status"]
        == "published"
    )
    assert (
        post(staff, f"/api/v1/opinions/{pk}/report", {"targets": ["national_cppcc"]}).status_code
        == 200
    )
    bad = post(staff, f"/api/v1/opinions/{pk}/adopt", {"level": "somewhere", "body": "x"})
    assert bad.status_code == 400
    assert bad.json()["detail"]["field"] == "level"
    adopted = post(
        staff,
        f"/api/v1/opinions/{pk}/adopt",
        {"level": "national_cppcc", "body": "全国政协办公厅", "mode": "combined"},
    )
    assert adopted.json()["status"] == "adopted"
    post(staff, f"/api/v1/opinions/{pk}/instruct", {"leader_level": "central", "text": "已阅。"})
    mine = member.get(f"/api/v1/opinions/{pk}").json()
    assert mine["adoptions"][0]["mode"] == "combined"
    assert mine["instructions"][0]["text"] == "已阅。"
    assert [i["label"] for i in member.get("/api/v1/opinions/issues").json()] == ["2026年第1期"]
    assert member.get("/api/v1/opinions/mine").json()["count"] == 1
