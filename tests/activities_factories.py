"""Builders for activity, study and reading tests, through the real services."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ningju.accounts.models import User
from ningju.activities import services
from ningju.activities.models import Activity, Book, Campaign, StudySession
from ningju.orgs.models import Organisation


def png_bytes(width: int = 40, height: int = 30, color: str = "#b22") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "photo.png", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def staff_of(org: Organisation) -> User:
    """The hidden setup account of `org` (office staff)."""
    return User.objects.get(username=f"setup-{org.code}")


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def activity_data(**overrides: Any) -> services.ActivityData:
    values: dict[str, Any] = {
        "title": "送医送药送健康进社区义诊",
        "kind": "free_clinic",
        "occurred_on": yesterday(),
        "place": "延吉市北山街道",
        "report": "为社区居民测量血压血糖，发放常用药品。",
        "people_served": 120,
        "value_donated": Decimal("8600.50"),
    }
    values.update(overrides)
    return services.ActivityData(**values)


def member_activity(user: User, *, state: str = "draft", **overrides: Any) -> Activity:
    """A member's own record in `state` (draft, submitted, confirmed, returned)."""
    activity = services.activity_create(acting_user=user, data=activity_data(**overrides))
    if state == "draft":
        return activity
    activity = services.activity_submit(acting_user=user, activity=activity)
    staff = staff_of(activity.organisation)
    if state == "confirmed":
        activity = services.activity_confirm(acting_user=staff, activity=activity)
    elif state == "returned":
        activity = services.activity_return(
            acting_user=staff, activity=activity, reason="请补充照片"
        )
    return activity


def office_activity(
    org: Organisation, *, participant_ids: list[int] | None = None, confirm: bool = True, **kw: Any
) -> Activity:
    staff = staff_of(org)
    activity = services.activity_create(
        acting_user=staff,
        data=activity_data(participant_ids=participant_ids or [], **kw),
        as_office=True,
    )
    if confirm:
        activity = services.activity_confirm(acting_user=staff, activity=activity)
    return activity


def campaign(org: Organisation, **overrides: Any) -> Campaign:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "进基层、话铸牢、抓项目、展形象",
        "starts_on": date(today.year, 1, 1),
        "ends_on": date(today.year, 12, 31),
        "target_activities": 10,
        "people_served": 1000,
        "value_donated": Decimal("100000"),
    }
    values.update(overrides)
    return services.campaign_save(acting_user=staff_of(org), data=services.CampaignData(**values))


def study_session(org: Organisation, **overrides: Any) -> StudySession:
    values: dict[str, Any] = {
        "kind": "centre_group",
        "title": "学习习近平总书记关于加强和改进人民政协工作的重要思想",
        "held_on": yesterday(),
        "speaker": "党组书记",
    }
    values.update(overrides)
    return services.study_session_create(
        acting_user=staff_of(org), data=services.StudySessionData(**values)
    )


def book(org: Organisation, *, cover: bool = False, **overrides: Any) -> Book:
    values: dict[str, Any] = {"title": "中华民族共同体概论", "author": "编写组"}
    values.update(overrides)
    return services.book_add(
        acting_user=staff_of(org), cover=png_upload("cover.png") if cover else None, **values
    )
