"""Helpers for the 微建议 and 办实事 tests: build records through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ningju.matters import services as matter_services
from ningju.matters.models import Matter
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit
from ningju.suggestions import services
from ningju.suggestions.choices import Status
from ningju.suggestions.models import Suggestion
from tests import factories


def unit(w: factories.World) -> HandlingUnit:
    return HandlingUnit.objects.filter(organisation=w.prefecture).order_by("id").first()  # type: ignore[return-value]


def member_suggestion(w: factories.World, title: str = "增设朝汉双语公交站牌") -> Suggestion:
    return services.suggestion_submit_member(
        acting_user=w["member"],
        title=title,
        body="延吉市部分公交站牌只有汉字，建议统一增设朝鲜文，方便老年群众。",
        category="bilingual",
    )


def suggestion_in(w: factories.World, status: str, title: str = "老旧小区加装扶手") -> Suggestion:
    """A member's suggestion moved to `status` through the services."""
    staff, officer = w["staff"], w["unit_officer"]
    if status == Status.HELD:
        return services.suggestion_submit_member(
            acting_user=w["member"], title=title, body="有人在群里代开发票，请查处。"
        )
    s = member_suggestion(w, title)
    if status == Status.SUBMITTED:
        return s
    if status == Status.REJECTED:
        return services.suggestion_reject(acting_user=staff, suggestion=s, reason="不属于本会职责")
    s = services.suggestion_assign(acting_user=staff, suggestion=s, unit=unit(w))
    if status == Status.ASSIGNED:
        return s
    s = services.suggestion_reply(
        acting_user=officer, suggestion=s, reply="已安排在本月内完成站牌更换。"
    )
    if status == Status.REPLIED:
        return s
    return services.suggestion_close(acting_user=staff, suggestion=s, publish=True)


def _member(w: factories.World) -> Member:
    return Member.objects.get(user=w["member"])


def matter(
    w: factories.World,
    *,
    title: str = "河南街道路灯维修",
    deadline: date | None = None,
    with_member: bool = True,
    with_unit: bool = True,
    is_public: bool = True,
) -> Matter:
    return matter_services.matter_create(
        acting_user=w["staff"],
        data=matter_services.MatterData(
            title=title,
            description="居民反映巷道路灯损坏多日，夜间出行不便。",
            deadline=deadline or timezone.localdate() + timedelta(days=30),
            owner_member=_member(w) if with_member else None,
            owner_unit=unit(w) if with_unit else None,
            beneficiaries="河南街道居民",
            is_public=is_public,
        ),
    )


def jpeg(name: str = "photo.jpg") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 200, content_type="image/jpeg")


def matter_in(w: factories.World, status: str, **kwargs: Any) -> Matter:
    m = matter(w, **kwargs)
    staff, owner = w["staff"], w["member"]
    if status == "planned":
        return m
    if status == "cancelled":
        return matter_services.matter_cancel(acting_user=staff, matter=m, reason="群众已另行解决")
    matter_services.matter_progress_add(
        acting_user=owner, matter=m, note="已联系供电公司", percent=40
    )
    m.refresh_from_db()
    if status == "in_progress":
        return m
    matter_services.matter_evidence_add(acting_user=owner, matter=m, file=jpeg())
    m = matter_services.matter_report_done(
        acting_user=owner, matter=m, summary="12盏路灯全部修复。"
    )
    if status == "reported":
        return m
    return matter_services.matter_confirm(acting_user=staff, matter=m)
