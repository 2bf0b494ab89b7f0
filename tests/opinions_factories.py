"""Opinions built through the real services, for the tests of ningju.opinions."""

from __future__ import annotations

from datetime import date
from typing import Any

from ningju.opinions import services
from ningju.opinions.models import JournalIssue, Opinion
from tests import factories

TEXT = {
    "situation": "延吉市北山街道有老旧小区42个，多数建于上世纪九十年代，无电梯，老年住户占比超过三成。",
    "analysis": "加装电梯需要全体业主协商一致，低层住户顾虑采光和噪音，资金分摊缺少统一标准。",
    "suggestion": "一是出台分摊指导标准；二是由街道牵头组织协商；三是对困难家庭给予补贴。",
}


def draft(w: factories.World, username: str = "member", **fields: Any) -> Opinion:
    data = {"title": "关于老旧小区加装电梯的情况和建议", **TEXT, **fields}
    return services.opinion_draft_create(acting_user=w[username], **data)


def submitted(w: factories.World, username: str = "member", **fields: Any) -> Opinion:
    opinion = draft(w, username, **fields)
    return services.opinion_submit(acting_user=w[username], opinion=opinion)


def office_of(w: factories.World, opinion: Opinion) -> Any:
    return w["county_staff"] if opinion.organisation_id == w.county.pk else w["staff"]


def edited(w: factories.World, username: str = "member", **fields: Any) -> Opinion:
    opinion = submitted(w, username, **fields)
    return services.opinion_edit(
        acting_user=office_of(w, opinion),
        opinion=opinion,
        edited_title="老旧小区加装电梯亟待破解协商和分摊难题",
        edited_body="第一段。\n第二段。",
    )


def issue(w: factories.World, *, county: bool = False, year: int | None = None) -> JournalIssue:
    staff = w["county_staff"] if county else w["staff"]
    return services.issue_create(acting_user=staff, year=year)


def compiled(
    w: factories.World, username: str = "member", *, into: JournalIssue | None = None, **fields: Any
) -> Opinion:
    opinion = edited(w, username, **fields)
    staff = office_of(w, opinion)
    target = into or services.issue_create(acting_user=staff)
    return services.opinion_compile(acting_user=staff, opinion=opinion, issue=target)


def published(
    w: factories.World, username: str = "member", *, on: date | None = None, **fields: Any
) -> Opinion:
    opinion = compiled(w, username, **fields)
    assert opinion.issue is not None
    services.issue_publish(acting_user=office_of(w, opinion), issue=opinion.issue, published_on=on)
    opinion.refresh_from_db()
    return opinion
