"""Every write of activities, study and reading: checked, locked, audited.

Views and the API only translate input into these calls. Validation that matters for the
figures (never negative, no future dates for things that happened) lives here, so a page,
the API and a script refuse the same input with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.core.uploads import validate_upload
from ningju.members.models import Member
from ningju.notify.services import notify
from ningju.orgs.models import Sector, SpecialCommittee
from ningju.performance.models import DutyKind
from ningju.performance.services import duty_record_void, duty_record_write

from . import images, workflow
from .choices import (
    PUBLIC_WELFARE_KINDS,
    ActivityKind,
    Cadence,
    OrganiserKind,
    StudyKind,
)
from .models import (
    FIGURES,
    Activity,
    ActivityPhoto,
    Book,
    Brand,
    Campaign,
    CheckIn,
    Participation,
    ReadingGroup,
    ReadingNote,
    StaffStudyCompletion,
    StaffStudyItem,
    StaffTalk,
    StudyAttendance,
    StudyMaterial,
    StudyNote,
    StudySession,
)

MSG_REQUIRED = _("请填写此项。")
MSG_NEGATIVE = _("数字不能为负数。")
MSG_NOT_NUMBER = _("请填写数字。")
MSG_FUTURE = _("日期不能晚于今天。")
MSG_CHOICE = _("请从列表中选择。")
MSG_COMMITTEE_NEEDED = _("组织方为专门委员会时，请选择专门委员会。")
MSG_SECTOR_NEEDED = _("组织方为界别时，请选择界别。")
MSG_OUTSIDE_CAMPAIGN = _("活动日期不在该活动主题的时间范围内。")
MSG_PERIOD = _("结束日期不能早于开始日期。")
MSG_ISBN = _("ISBN 无效：请填写 10 位或 13 位书号（可含连字符）。")
MSG_READ_SOMETHING = _("请填写阅读页数或阅读分钟数。")
MSG_TOO_MANY_PHOTOS = _("每项活动最多上传 %(max)s 张照片。")
MSG_NO_FILE = _("请选择要上传的文件。")
MAX_FIGURE = 10_000_000
MAX_VALUE = Decimal("999999999999.99")


class InvalidInput(DomainError):
    """Several fields are wrong: `detail` maps each field to its message."""

    code = "invalid"
    default_message = _("提交的内容有误，请按提示修改。")


def _fail(errors: dict[str, Any]) -> None:
    if errors:
        raise InvalidInput(detail={name: str(message) for name, message in errors.items()})


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _member_of(user: User) -> Member:
    member_id = user.principal.member_id
    if not member_id:
        raise PermissionDenied
    return Member.objects.get(pk=member_id)


def _int(value: Any, name: str, errors: dict[str, Any]) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = MSG_NOT_NUMBER
        return 0
    if number < 0:
        errors[name] = MSG_NEGATIVE
    elif number > MAX_FIGURE:
        errors[name] = _("数字过大。")
    return number


def _decimal(value: Any, name: str, errors: dict[str, Any]) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[name] = MSG_NOT_NUMBER
        return Decimal("0")
    if not number.is_finite() or number > MAX_VALUE:
        errors[name] = _("数字过大。")
    elif number < 0:
        errors[name] = MSG_NEGATIVE
    return number


def _past_date(value: date | None, name: str, errors: dict[str, Any]) -> None:
    if value is None:
        errors[name] = MSG_REQUIRED
    elif value > timezone.localdate():
        errors[name] = MSG_FUTURE


def _text(value: str | None, name: str, errors: dict[str, Any], *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[name] = MSG_REQUIRED
    return text


# --------------------------------------------------------------------------- activities


@dataclass
class ActivityData:
    title: str = ""
    kind: str = ActivityKind.GRASSROOTS
    organiser_kind: str = OrganiserKind.ORGANISATION
    committee_id: int | None = None
    sector_id: int | None = None
    campaign_id: int | None = None
    brand_id: int | None = None
    occurred_on: date | None = None
    place: str = ""
    report: str = ""
    people_served: Any = 0
    value_donated: Any = "0"
    items_donated: Any = 0
    trees_planted: Any = 0
    projects_signed: Any = 0
    participant_ids: list[int] = field(default_factory=list)


def _clean_activity(data: ActivityData, organisation_id: int) -> dict[str, Any]:
    """The model values for `data`, or InvalidInput naming every wrong field."""
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {
        "title": _text(data.title, "title", errors)[:120],
        "place": _text(data.place, "place", errors)[:120],
        "report": (data.report or "").strip(),
        "occurred_on": data.occurred_on,
        "kind": data.kind,
        "organiser_kind": data.organiser_kind,
        "committee": None,
        "sector": None,
        "campaign": None,
        "brand": None,
    }
    _past_date(data.occurred_on, "occurred_on", errors)
    if data.kind not in ActivityKind.values:
        errors["kind"] = MSG_CHOICE
    if data.organiser_kind not in OrganiserKind.values:
        errors["organiser_kind"] = MSG_CHOICE
    for name in FIGURES:
        raw = getattr(data, name)
        values[name] = (
            _decimal(raw, name, errors) if name == "value_donated" else _int(raw, name, errors)
        )
    if data.committee_id:
        values["committee"] = SpecialCommittee.objects.filter(
            organisation_id=organisation_id, pk=data.committee_id
        ).first()
        if values["committee"] is None:
            errors["committee_id"] = MSG_CHOICE
    if data.sector_id:
        values["sector"] = Sector.objects.filter(
            organisation_id=organisation_id, pk=data.sector_id
        ).first()
        if values["sector"] is None:
            errors["sector_id"] = MSG_CHOICE
    if data.organiser_kind == OrganiserKind.COMMITTEE and not data.committee_id:
        errors.setdefault("committee_id", MSG_COMMITTEE_NEEDED)
    if data.organiser_kind == OrganiserKind.SECTOR and not data.sector_id:
        errors.setdefault("sector_id", MSG_SECTOR_NEEDED)
    if data.campaign_id:
        campaign = Campaign.objects.filter(
            organisation_id=organisation_id, pk=data.campaign_id
        ).first()
        if campaign is None:
            errors["campaign_id"] = MSG_CHOICE
        elif data.occurred_on and not campaign.starts_on <= data.occurred_on <= campaign.ends_on:
            errors["campaign_id"] = MSG_OUTSIDE_CAMPAIGN
        values["campaign"] = campaign
    if data.brand_id:
        values["brand"] = Brand.objects.filter(
            organisation_id=organisation_id, pk=data.brand_id
        ).first()
        if values["brand"] is None:
            errors["brand_id"] = MSG_CHOICE
    _fail(errors)
    return values


def _participants(ids: Iterable[int], organisation_id: int) -> list[Member]:
    wanted = sorted(set(ids))
    found = list(Member.objects.filter(organisation_id=organisation_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise InvalidInput(detail={"participant_ids": str(MSG_CHOICE)})
    return found


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "status": activity.status,
        "occurred_on": activity.occurred_on.isoformat() if activity.occurred_on else None,
        **{name: str(getattr(activity, name)) for name in FIGURES},
    }


@transaction.atomic
def activity_create(*, acting_user: User, data: ActivityData, as_office: bool = False) -> Activity:
    """A member records their own activity (a draft they then submit), or office staff
    record one with its participant list (`as_office`), to confirm when ready."""
    organisation_id = acting_user.principal.org
    if as_office:
        _require(acting_user.has_perm("activities.manage"))
        reporter = None
    else:
        _require(acting_user.has_perm("activities.record_own"))
        reporter = _member_of(acting_user)
    values = _clean_activity(data, organisation_id)
    members = (
        _participants(data.participant_ids, organisation_id) if reporter is None else [reporter]
    )
    activity = Activity.objects.create(
        organisation_id=organisation_id, created_by=acting_user, reported_by=reporter, **values
    )
    Participation.objects.bulk_create(
        [Participation(activity=activity, member=m) for m in members if m is not None]
    )
    audit.record(
        action="activity.create",
        actor=acting_user,
        organisation=organisation_id,
        target=activity,
        after=_snapshot(activity),
    )
    return activity


@transaction.atomic
def activity_update(*, acting_user: User, activity: Activity, data: ActivityData) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _require(acting_user.has_perm("activities.edit", activity))
    before = _snapshot(activity)
    values = _clean_activity(data, activity.organisation_id)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    if activity.reported_by_id is None:
        members = _participants(data.participant_ids, activity.organisation_id)
        Participation.objects.filter(activity=activity).exclude(member__in=members).delete()
        existing = set(
            Participation.objects.filter(activity=activity).values_list("member_id", flat=True)
        )
        Participation.objects.bulk_create(
            [Participation(activity=activity, member=m) for m in members if m.pk not in existing]
        )
    audit.record(
        action="activity.update",
        actor=acting_user,
        organisation=activity.organisation_id,
        target=activity,
        before=before,
        after=_snapshot(activity),
    )
    return activity


def _transition(
    *, acting_user: User, activity: Activity, action: str, perm: str, **changes: Any
) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _require(acting_user.has_perm(perm, activity))
    before = activity.status
    activity.status = workflow.next_status(activity.status, action)
    for name, value in changes.items():
        setattr(activity, name, value)
    activity.save(update_fields=["status", *changes, "updated_at"])
    audit.record(
        action=f"activity.{action}",
        actor=acting_user,
        organisation=activity.organisation_id,
        target=activity,
        before={"status": before},
        after={"status": activity.status, **{k: str(v) for k, v in changes.items()}},
    )
    return activity


@transaction.atomic
def activity_submit(*, acting_user: User, activity: Activity) -> Activity:
    """The member sends their record to the office for confirmation."""
    activity = _transition(
        acting_user=acting_user,
        activity=activity,
        action="submit",
        perm="activities.submit",
        return_reason="",
    )
    staff = User.objects.filter(
        organisation_id=activity.organisation_id,
        role_grants__role="office_staff",
        role_grants__organisation_id=activity.organisation_id,
        is_active=True,
    ).distinct()
    title = activity.title
    notify(
        recipients=list(staff),
        event="activity.submitted",
        title=_("委员活动待确认"),
        body=lambda: gettext("委员提交了活动《%(title)s》，请确认。") % {"title": title},
        url=reverse("activities:detail", args=[activity.pk]),
        organisation=activity.organisation_id,
        exclude=acting_user,
    )
    return activity


def duty_kind_for(activity: Activity) -> str:
    """Free clinics, donations, legal aid and tree planting are 公益活动; the rest 参加活动."""
    return DutyKind.PUBLIC_WELFARE if activity.kind in PUBLIC_WELFARE_KINDS else DutyKind.ACTIVITY


@transaction.atomic
def activity_confirm(*, acting_user: User, activity: Activity) -> Activity:
    """The office confirms: the figures count from now on and each participant gets a
    duty record."""
    activity = _transition(
        acting_user=acting_user,
        activity=activity,
        action="confirm",
        perm="activities.confirm",
        confirmed_by=acting_user,
        confirmed_at=timezone.now(),
        return_reason="",
    )
    kind = duty_kind_for(activity)
    for participation in Participation.objects.filter(activity=activity).select_related("member"):
        duty_record_write(
            member=participation.member,
            kind=kind,
            occurred_on=activity.occurred_on,
            source=activity,
            title=activity.title,
        )
    _tell_reporter(
        activity,
        title=_("活动已确认"),
        message=gettext_noop("您填报的活动《%(title)s》已确认，计入履职记录。"),
    )
    return activity


@transaction.atomic
def activity_return(*, acting_user: User, activity: Activity, reason: str) -> Activity:
    """The office sends a member's record back with the reason, to correct and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(detail={"reason": str(_("请写明退回原因。"))})
    activity = _transition(
        acting_user=acting_user,
        activity=activity,
        action="return",
        perm="activities.return",
        return_reason=reason[:300],
    )
    _tell_reporter(
        activity,
        title=_("活动被退回"),
        message=gettext_noop("您填报的活动《%(title)s》被退回，请修改后重新提交。"),
    )
    return activity


def _tell_reporter(activity: Activity, *, title: Any, message: str) -> None:
    if activity.reported_by_id is None:
        return
    reporter = Member.objects.select_related("user").get(pk=activity.reported_by_id)
    if reporter.user is None:
        return
    activity_title = activity.title
    notify(
        recipients=[reporter.user],
        event=f"activity.{activity.status}",
        title=title,
        body=lambda: gettext(message) % {"title": activity_title},
        url=reverse("activities:detail", args=[activity.pk]),
        organisation=activity.organisation_id,
    )


@transaction.atomic
def activity_photo_add(*, acting_user: User, activity: Activity, file: Any) -> ActivityPhoto:
    """A photo (JPEG or PNG, re-encoded and resized), at most MAX_PER_ACTIVITY."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _require(acting_user.has_perm("activities.add_photo", activity))
    if file is None:
        raise InvalidInput(detail={"photo": str(MSG_NO_FILE)})
    if ActivityPhoto.objects.filter(activity=activity).count() >= ActivityPhoto.MAX_PER_ACTIVITY:
        raise InvalidInput(
            detail={"photo": str(MSG_TOO_MANY_PHOTOS) % {"max": ActivityPhoto.MAX_PER_ACTIVITY}}
        )
    try:
        processed = images.process_image(file, max_bytes=ActivityPhoto.MAX_BYTES)
    except ValidationError as exc:
        raise InvalidInput(detail={"photo": " ".join(exc.messages)}) from exc
    photo = ActivityPhoto(
        activity=activity,
        original_name=(getattr(file, "name", "") or "photo.jpg")[:200],
        width=processed.width,
        height=processed.height,
        uploaded_by=acting_user,
    )
    photo.file.save("photo.jpg", processed.content, save=False)
    photo.save()
    audit.record(
        action="activity.photo_add",
        actor=acting_user,
        organisation=activity.organisation_id,
        target=activity,
        after={"photo": photo.pk, "name": photo.original_name},
    )
    return photo


# --------------------------------------------------------------------------- campaigns, brands


@dataclass
class CampaignData:
    title: str = ""
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    target_activities: Any = 0
    people_served: Any = 0
    value_donated: Any = "0"
    items_donated: Any = 0
    trees_planted: Any = 0
    projects_signed: Any = 0


@transaction.atomic
def campaign_save(
    *, acting_user: User, data: CampaignData, campaign: Campaign | None = None
) -> Campaign:
    """Create or change a campaign and its targets (office staff)."""
    _require(acting_user.has_perm("activities.manage"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {
        "title": _text(data.title, "title", errors)[:120],
        "description": (data.description or "").strip(),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "target_activities": _int(data.target_activities, "target_activities", errors),
    }
    for name in FIGURES:
        raw = getattr(data, name)
        values[name] = (
            _decimal(raw, name, errors) if name == "value_donated" else _int(raw, name, errors)
        )
    if data.starts_on is None:
        errors["starts_on"] = MSG_REQUIRED
    if data.ends_on is None:
        errors["ends_on"] = MSG_REQUIRED
    elif data.starts_on and data.ends_on < data.starts_on:
        errors["ends_on"] = MSG_PERIOD
    _fail(errors)
    if campaign is None:
        campaign = Campaign.objects.create(organisation_id=organisation_id, **values)
        action = "campaign.create"
    else:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.organisation_id != organisation_id:
            raise NotFoundOrForbidden
        for name, value in values.items():
            setattr(campaign, name, value)
        campaign.save()
        action = "campaign.update"
    audit.record(
        action=action,
        actor=acting_user,
        organisation=organisation_id,
        target=campaign,
        after={"title": campaign.title, "ends_on": str(campaign.ends_on)},
    )
    return campaign


@transaction.atomic
def brand_save(
    *,
    acting_user: User,
    name: str,
    committee_id: int | None,
    description: str = "",
    brand: Brand | None = None,
) -> Brand:
    """Create or change a committee brand (一委一品), office staff only."""
    _require(acting_user.has_perm("activities.manage"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    name = _text(name, "name", errors)[:80]
    committee = None
    if committee_id:
        committee = SpecialCommittee.objects.filter(
            organisation_id=organisation_id, pk=committee_id
        ).first()
        if committee is None:
            errors["committee_id"] = MSG_CHOICE
    duplicate = Brand.objects.filter(organisation_id=organisation_id, name=name)
    if brand is not None:
        duplicate = duplicate.exclude(pk=brand.pk)
    if name and duplicate.exists():
        errors["name"] = _("已有同名的品牌。")
    _fail(errors)
    if brand is None:
        brand = Brand.objects.create(
            organisation_id=organisation_id,
            name=name,
            committee=committee,
            description=(description or "").strip(),
        )
    else:
        brand.name, brand.committee, brand.description = name, committee, description.strip()
        brand.save()
    audit.record(
        action="brand.save",
        actor=acting_user,
        organisation=organisation_id,
        target=brand,
        after={"name": brand.name},
    )
    return brand


# --------------------------------------------------------------------------- study


@dataclass
class StudySessionData:
    kind: str = StudyKind.CENTRE_GROUP
    title: str = ""
    held_on: date | None = None
    place: str = ""
    speaker: str = ""
    summary: str = ""


@transaction.atomic
def study_session_create(*, acting_user: User, data: StudySessionData) -> StudySession:
    """Plan or record a study session of one of the six kinds (office staff)."""
    _require(acting_user.has_perm("study.manage"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    title = _text(data.title, "title", errors)[:150]
    if data.kind not in StudyKind.values:
        errors["kind"] = MSG_CHOICE
    if data.held_on is None:
        errors["held_on"] = MSG_REQUIRED
    _fail(errors)
    session = StudySession.objects.create(
        organisation_id=organisation_id,
        kind=data.kind,
        title=title,
        held_on=cast(date, data.held_on),
        place=data.place.strip()[:120],
        speaker=data.speaker.strip()[:60],
        summary=data.summary.strip(),
        created_by=acting_user,
    )
    audit.record(
        action="study.create",
        actor=acting_user,
        organisation=organisation_id,
        target=session,
        after={"title": title, "kind": data.kind, "held_on": str(data.held_on)},
    )
    return session


@transaction.atomic
def study_attendance_set(
    *, acting_user: User, session: StudySession, member_ids: Iterable[int]
) -> StudySession:
    """Staff tick who attended: each attendee gets a 学习培训 duty record; unticking voids it.
    Attendance cannot be recorded for a session that has not happened yet."""
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    _require(acting_user.has_perm("study.manage") and in_org(acting_user, session))
    if session.held_on > timezone.localdate():
        raise InvalidInput(detail={"member_ids": str(_("学习尚未举行，不能登记出勤。"))})
    members = _participants(member_ids, session.organisation_id)
    wanted = {m.pk for m in members}
    current = set(
        StudyAttendance.objects.filter(session=session).values_list("member_id", flat=True)
    )
    for member in Member.objects.filter(pk__in=current - wanted):
        duty_record_void(
            member=member, kind=DutyKind.STUDY, source=session, reason=gettext("出勤登记已更正")
        )
    StudyAttendance.objects.filter(session=session, member_id__in=current - wanted).delete()
    StudyAttendance.objects.bulk_create(
        [StudyAttendance(session=session, member=m) for m in members if m.pk not in current]
    )
    for member in members:
        duty_record_write(
            member=member,
            kind=DutyKind.STUDY,
            occurred_on=session.held_on,
            source=session,
            title=f"{session.get_kind_display()}：{session.title}",
        )
    audit.record(
        action="study.attendance",
        actor=acting_user,
        organisation=session.organisation_id,
        target=session,
        before={"members": sorted(current)},
        after={"members": sorted(wanted)},
    )
    return session


def in_org(user: User, obj: Any) -> bool:
    return bool(obj.organisation_id == user.principal.organisation_id)


def _stored_file(file: Any, *, allowed: frozenset[str], max_bytes: int, field: str) -> str:
    if file is None:
        raise InvalidInput(detail={field: str(MSG_NO_FILE)})
    try:
        kind = validate_upload(file, allowed=set(allowed), max_bytes=max_bytes)
    except ValidationError as exc:
        raise InvalidInput(detail={field: " ".join(exc.messages)}) from exc
    return kind.content_type


@transaction.atomic
def study_material_add(*, acting_user: User, session: StudySession, file: Any) -> StudyMaterial:
    _require(acting_user.has_perm("study.manage") and in_org(acting_user, session))
    content_type = _stored_file(
        file,
        allowed=StudyMaterial.ALLOWED_TYPES,
        max_bytes=StudyMaterial.MAX_BYTES,
        field="file",
    )
    material = StudyMaterial(
        session=session,
        original_name=(file.name or "material")[:200],
        content_type=content_type,
        size=file.size,
        uploaded_by=acting_user,
    )
    material.file.save("material", file, save=False)
    material.save()
    audit.record(
        action="study.material_add",
        actor=acting_user,
        organisation=session.organisation_id,
        target=session,
        after={"material": material.original_name},
    )
    return material


@transaction.atomic
def study_note_save(*, acting_user: User, session: StudySession, text: str) -> StudyNote:
    """A member writes (or rewrites) their 心得 on a session that has taken place."""
    _require(acting_user.has_perm("study.write_note") and in_org(acting_user, session))
    member = _member_of(acting_user)
    errors: dict[str, Any] = {}
    text = _text(text, "text", errors)
    if len(text) > 5000:
        errors["text"] = _("心得最多 5000 字。")
    _fail(errors)
    note, _created = StudyNote.objects.update_or_create(
        session=session, member=member, defaults={"text": text}
    )
    audit.record(
        action="study.note",
        actor=acting_user,
        organisation=session.organisation_id,
        target=session,
        after={"length": len(text)},
    )
    return note


# --------------------------------------------------------------------------- reading

_ISBN_CLEAN = re.compile(r"[\s-]")


def isbn_normalise(value: str) -> str:
    """The ISBN without hyphens or spaces, or "" for an empty value; InvalidInput when the
    check digit is wrong."""
    isbn = _ISBN_CLEAN.sub("", value or "").upper()
    if not isbn:
        return ""
    if re.fullmatch(r"\d{9}[\dX]", isbn):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn))
        if total % 11 == 0:
            return isbn
    elif re.fullmatch(r"\d{13}", isbn):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(isbn))
        if total % 10 == 0:
            return isbn
    raise InvalidInput(detail={"isbn": str(MSG_ISBN)})


@transaction.atomic
def book_add(
    *, acting_user: User, title: str, author: str, isbn: str = "", cover: Any = None
) -> Book:
    """Members and staff add books to the committee's reading list (cover optional)."""
    _require(acting_user.has_perm("study.view"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    title = _text(title, "title", errors)[:150]
    author = _text(author, "author", errors)[:100]
    try:
        isbn = isbn_normalise(isbn)
    except InvalidInput as exc:
        errors.update(exc.detail)
    processed = None
    if cover is not None:
        try:
            processed = images.process_image(cover, max_bytes=5 * 1024 * 1024, max_side=800)
        except ValidationError as exc:
            errors["cover"] = " ".join(exc.messages)
    _fail(errors)
    book = Book(organisation_id=organisation_id, title=title, author=author, isbn=isbn)
    book.added_by = acting_user
    if processed is not None:
        book.cover.save("cover.jpg", processed.content, save=False)
    book.save()
    audit.record(
        action="book.add",
        actor=acting_user,
        organisation=organisation_id,
        target=book,
        after={"title": title, "author": author, "isbn": isbn},
    )
    return book


@transaction.atomic
def reading_group_save(
    *,
    acting_user: User,
    name: str,
    description: str = "",
    member_ids: Iterable[int] = (),
    group: ReadingGroup | None = None,
) -> ReadingGroup:
    """Create or change a 读书小组 and its members (office staff)."""
    _require(acting_user.has_perm("study.manage"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    name = _text(name, "name", errors)[:80]
    duplicate = ReadingGroup.objects.filter(organisation_id=organisation_id, name=name)
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if name and duplicate.exists():
        errors["name"] = _("已有同名的读书小组。")
    _fail(errors)
    members = _participants(member_ids, organisation_id)
    if group is None:
        group = ReadingGroup.objects.create(
            organisation_id=organisation_id, name=name, description=description.strip()
        )
    else:
        group.name, group.description = name, description.strip()
        group.save()
    group.members.set(members)
    audit.record(
        action="reading_group.save",
        actor=acting_user,
        organisation=organisation_id,
        target=group,
        after={"name": name, "members": [m.pk for m in members]},
    )
    return group


@dataclass
class CheckInData:
    book_id: int | None = None
    read_on: date | None = None
    pages: Any = 0
    minutes: Any = 0
    note: str = ""


@transaction.atomic
def checkin_create(*, acting_user: User, data: CheckInData) -> CheckIn:
    """读书打卡: the member read a book today or earlier. The first check-in of a book gives
    the member one 书香政协阅读 duty record for that book."""
    _require(acting_user.has_perm("study.read"))
    member = _member_of(acting_user)
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    book = Book.objects.filter(organisation_id=organisation_id, pk=data.book_id or 0).first()
    if book is None:
        errors["book_id"] = MSG_CHOICE if data.book_id else MSG_REQUIRED
    _past_date(data.read_on, "read_on", errors)
    pages = _int(data.pages, "pages", errors)
    minutes = _int(data.minutes, "minutes", errors)
    if "pages" not in errors and "minutes" not in errors and pages == 0 and minutes == 0:
        errors["pages"] = MSG_READ_SOMETHING
    note = (data.note or "").strip()
    if len(note) > 200:
        errors["note"] = _("感想最多 200 字。")
    _fail(errors)
    if book is None or data.read_on is None:  # _fail raised already; this narrows the types
        raise InvalidInput
    checkin = CheckIn.objects.create(
        organisation_id=organisation_id,
        member=member,
        book=book,
        read_on=data.read_on,
        pages=pages,
        minutes=minutes,
        note=note,
    )
    duty_record_write(
        member=member,
        kind=DutyKind.READING,
        occurred_on=data.read_on,
        source=book,
        title=gettext("阅读《%(title)s》") % {"title": book.title},
    )
    audit.record(
        action="reading.checkin",
        actor=acting_user,
        organisation=organisation_id,
        target=checkin,
        after={"book": book.pk, "pages": pages, "minutes": minutes},
    )
    return checkin


@transaction.atomic
def reading_note_add(*, acting_user: User, book_id: int | None, text: str) -> ReadingNote:
    _require(acting_user.has_perm("study.read"))
    member = _member_of(acting_user)
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    book = Book.objects.filter(organisation_id=organisation_id, pk=book_id or 0).first()
    if book is None:
        errors["book_id"] = MSG_REQUIRED
    text = _text(text, "text", errors)
    if len(text) > 5000:
        errors["text"] = _("笔记最多 5000 字。")
    _fail(errors)
    note = ReadingNote.objects.create(
        organisation_id=organisation_id, member=member, book=cast(Book, book), text=text
    )
    audit.record(
        action="reading.note",
        actor=acting_user,
        organisation=organisation_id,
        target=note,
        after={"book": book_id, "length": len(text)},
    )
    return note


# --------------------------------------------------------------------------- staff study


@transaction.atomic
def staff_study_item_create(
    *,
    acting_user: User,
    cadence: str,
    title: str,
    planned_on: date | None,
    description: str = "",
) -> StaffStudyItem:
    """Add an item to the office's 周学、月讲、季培训 calendar."""
    _require(acting_user.has_perm("study.staff_calendar"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    title = _text(title, "title", errors)[:150]
    if cadence not in Cadence.values:
        errors["cadence"] = MSG_CHOICE
    if planned_on is None:
        errors["planned_on"] = MSG_REQUIRED
    _fail(errors)
    item = StaffStudyItem.objects.create(
        organisation_id=organisation_id,
        cadence=cadence,
        title=title,
        planned_on=cast(date, planned_on),
        description=description.strip(),
    )
    audit.record(
        action="staff_study.create",
        actor=acting_user,
        organisation=organisation_id,
        target=item,
        after={"title": title, "cadence": cadence, "planned_on": str(planned_on)},
    )
    return item


@transaction.atomic
def staff_study_mark(*, acting_user: User, item: StaffStudyItem, done: bool) -> None:
    """A staff member marks an item of the calendar done (or not done) for themselves."""
    _require(acting_user.has_perm("study.staff_calendar") and in_org(acting_user, item))
    if done:
        _row, created = StaffStudyCompletion.objects.get_or_create(item=item, user=acting_user)
        changed = created
    else:
        changed = bool(StaffStudyCompletion.objects.filter(item=item, user=acting_user).delete()[0])
    if changed:
        audit.record(
            action="staff_study.mark",
            actor=acting_user,
            organisation=item.organisation_id,
            target=item,
            after={"done": done},
        )


@transaction.atomic
def staff_talk_create(
    *,
    acting_user: User,
    speaker_id: int | None,
    topic: str,
    given_on: date | None,
    summary: str = "",
    material: Any = None,
) -> StaffTalk:
    """机关干部上台讲: record a staff talk, with its slides or text if any."""
    _require(acting_user.has_perm("study.staff_calendar"))
    organisation_id = acting_user.principal.org
    errors: dict[str, Any] = {}
    topic = _text(topic, "topic", errors)[:150]
    speaker = (
        User.objects.filter(
            organisation_id=organisation_id,
            pk=speaker_id or 0,
            role_grants__role="office_staff",
            role_grants__organisation_id=organisation_id,
        )
        .distinct()
        .first()
    )
    if speaker is None:
        errors["speaker_id"] = MSG_REQUIRED if not speaker_id else MSG_CHOICE
    if given_on is None:
        errors["given_on"] = MSG_REQUIRED
    content_type = ""
    if material is not None:
        try:
            content_type = _stored_file(
                material,
                allowed=StaffTalk.ALLOWED_TYPES,
                max_bytes=StaffTalk.MAX_BYTES,
                field="material",
            )
        except InvalidInput as exc:
            errors.update(exc.detail)
    _fail(errors)
    talk = StaffTalk(
        organisation_id=organisation_id,
        speaker=speaker,
        topic=topic,
        given_on=cast(date, given_on),
        summary=summary.strip(),
    )
    if material is not None:
        talk.material.save("material", material, save=False)
        talk.material_name = (material.name or "material")[:200]
        talk.material_type = content_type
    talk.save()
    audit.record(
        action="staff_talk.create",
        actor=acting_user,
        organisation=organisation_id,
        target=talk,
        after={"topic": topic, "speaker": speaker.pk if speaker else None},
    )
    return talk
