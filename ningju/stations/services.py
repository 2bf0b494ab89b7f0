"""Every liaison-station write: master data, assigned members, roster, receptions (and their
conversion into 社情民意 or proposal drafts), activities. Permission, row lock, audit and
duty records for the members who served.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Sector
from ningju.performance.models import DutyKind
from ningju.performance.services import duty_record_void, duty_record_write

from .choices import ActivityKind, Channel, Handling, ShiftStatus, StationKind, StationRole
from .models import DutyShift, Reception, Station, StationActivity, StationMember

STATION_FIELDS = [
    "name",
    "kind",
    "sector",
    "address",
    "opening_hours",
    "contact_name",
    "contact_phone",
    "opened_on",
    "description",
    "is_active",
]


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _org_member(organisation_id: int, member_id: int | None, field_name: str) -> Member:
    member = Member.objects.filter(pk=member_id or 0, organisation_id=organisation_id).first()
    if member is None:
        raise DomainError(_("请选择本级的委员。"), field=field_name)
    return member


@dataclass
class StationData:
    name: str
    kind: str
    address: str
    sector_id: int | None = None
    opening_hours: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    opened_on: date | None = None
    description: str = ""
    is_active: bool = True


def _apply(station: Station, data: StationData) -> None:
    if not data.name.strip():
        raise DomainError(_("请填写名称。"), field="name")
    if data.kind not in StationKind.values:
        raise DomainError(_("请选择类型。"), field="kind")
    if not data.address.strip():
        raise DomainError(_("请填写地址。"), field="address")
    sector = None
    if data.sector_id:
        sector = Sector.objects.filter(
            pk=data.sector_id, organisation_id=station.organisation_id
        ).first()
        if sector is None:
            raise DomainError(_("请选择本级的界别。"), field="sector")
    if data.kind == StationKind.SECTOR_STATION and sector is None:
        raise DomainError(_("界别委员联络站须选择界别。"), field="sector")
    duplicate = Station.objects.filter(
        organisation_id=station.organisation_id, name=data.name.strip()
    ).exclude(pk=station.pk)
    if duplicate.exists():
        raise DomainError(_("已有同名的联络站。"), field="name")
    station.name = data.name.strip()
    station.kind = data.kind
    station.sector = sector
    station.address = data.address.strip()
    station.opening_hours = data.opening_hours.strip()
    station.contact_name = data.contact_name.strip()
    station.contact_phone = data.contact_phone.strip()
    station.opened_on = data.opened_on
    station.description = data.description.strip()
    station.is_active = data.is_active


@transaction.atomic
def station_create(*, acting_user: User, data: StationData) -> Station:
    _require(acting_user, "stations.create")
    station = Station(organisation_id=acting_user.principal.org)
    _apply(station, data)
    station.save()
    audit.record(
        action="stations.create",
        actor=acting_user,
        organisation=station.organisation_id,
        target=station,
        after=audit.snapshot(station, STATION_FIELDS),
    )
    return station


@transaction.atomic
def station_update(*, acting_user: User, station: Station, data: StationData) -> Station:
    station = Station.objects.select_for_update().get(pk=station.pk)
    _require(acting_user, "stations.manage", station)
    before = audit.snapshot(station, STATION_FIELDS)
    _apply(station, data)
    station.save()
    audit.record(
        action="stations.update",
        actor=acting_user,
        organisation=station.organisation_id,
        target=station,
        before=before,
        after=audit.snapshot(station, STATION_FIELDS),
    )
    return station


@transaction.atomic
def station_member_assign(
    *, acting_user: User, station: Station, member_id: int, role: str
) -> StationMember:
    _require(acting_user, "stations.manage", station)
    member = _org_member(station.organisation_id, member_id, "member")
    if role not in StationRole.values:
        raise DomainError(_("请选择职责。"), field="role")
    row, _created = StationMember.objects.update_or_create(
        station=station, member=member, defaults={"role": role}
    )
    audit.record(
        action="stations.member_assign",
        actor=acting_user,
        organisation=station.organisation_id,
        target=station,
        after={"member": member.pk, "role": role},
    )
    return row


@transaction.atomic
def station_member_remove(*, acting_user: User, station: Station, member_id: int) -> None:
    _require(acting_user, "stations.manage", station)
    deleted, _rows = StationMember.objects.filter(station=station, member_id=member_id).delete()
    if deleted:
        audit.record(
            action="stations.member_remove",
            actor=acting_user,
            organisation=station.organisation_id,
            target=station,
            before={"member": member_id},
        )


# --------------------------------------------------------------------------- roster


def _duty(member: Member, station: Station, on: date) -> None:
    duty_record_write(
        member=member,
        kind=DutyKind.STATION_DUTY,
        occurred_on=on,
        source=station,
        title=_("联络站值班接待：%(station)s") % {"station": station.name},
        dedupe_suffix=on.isoformat(),
    )


@transaction.atomic
def shift_add(
    *, acting_user: User, station: Station, member_id: int, on_date: date, note: str = ""
) -> DutyShift:
    _require(acting_user, "stations.manage", station)
    member = _org_member(station.organisation_id, member_id, "member")
    if DutyShift.objects.filter(station=station, member=member, on_date=on_date).exists():
        raise DomainError(_("这位委员当天已在值班表上。"), field="on_date")
    shift = DutyShift.objects.create(
        organisation_id=station.organisation_id,
        station=station,
        member=member,
        on_date=on_date,
        note=note.strip()[:200],
    )
    audit.record(
        action="stations.shift_add",
        actor=acting_user,
        organisation=station.organisation_id,
        target=shift,
        after={"member": member.pk, "on_date": on_date},
    )
    return shift


@transaction.atomic
def shift_mark(*, acting_user: User, shift: DutyShift, status: str) -> DutyShift:
    """值班 confirmed (writes the member's duty record) or marked missed (voids it)."""
    shift = (
        DutyShift.objects.select_for_update().select_related("station", "member").get(pk=shift.pk)
    )
    _require(acting_user, "stations.complete_shift", shift)
    if status not in (ShiftStatus.DONE, ShiftStatus.MISSED):
        raise DomainError(_("请选择值班情况。"), field="status")
    if status == ShiftStatus.MISSED and not acting_user.principal.has("office_staff"):
        raise PermissionDenied()
    if shift.on_date > timezone.localdate():
        raise DomainError(_("还没到值班日期。"), field="status")
    old = shift.status
    shift.status = status
    shift.save(update_fields=["status", "updated_at"])
    if status == ShiftStatus.DONE:
        _duty(shift.member, shift.station, shift.on_date)
    else:
        duty_record_void(
            member=shift.member,
            kind=DutyKind.STATION_DUTY,
            source=shift.station,
            reason=_("值班未到岗"),
            dedupe_suffix=shift.on_date.isoformat(),
        )
    audit.record(
        action="stations.shift_mark",
        actor=acting_user,
        organisation=shift.organisation_id,
        target=shift,
        before={"status": old},
        after={"status": status},
    )
    return shift


# --------------------------------------------------------------------------- receptions


@dataclass
class ReceptionData:
    channel: str
    topic: str
    issue: str
    received_at: datetime | None = None
    visitor_name: str = ""
    visitor_phone: str = ""
    handling: str = Handling.PENDING
    handling_note: str = ""
    referred_unit_id: int | None = None
    satisfaction: str = ""
    received_by_id: int | None = None
    public_request_id: int | None = None


def _public_request(station: Station, request_id: int | None) -> Any:
    if not request_id:
        return None
    from ningju.voices.selectors import station_queue

    found = station_queue(station_id=station.pk).filter(pk=request_id).first()
    if found is None:
        raise DomainError(_("这件诉求不在本站的待办中。"), field="public_request")
    return found


@transaction.atomic
def reception_create(*, acting_user: User, station: Station, data: ReceptionData) -> Reception:
    """登记 one visitor's concern. A member receiving it gets the day's station-duty record;
    when it answers a public request routed here, that request gets the outcome."""
    from ningju.voices.services import clean_mobile, request_answer

    _require(acting_user, "stations.receive", station)
    if data.channel not in Channel.values:
        raise DomainError(_("请选择接待渠道。"), field="channel")
    if not data.topic.strip():
        raise DomainError(_("请填写事项。"), field="topic")
    if len(data.issue.strip()) < 5:
        raise DomainError(_("请写明反映的问题。"), field="issue")
    if data.handling not in Handling.values:
        raise DomainError(_("请选择处理方式。"), field="handling")
    phone = clean_mobile(data.visitor_phone) if data.visitor_phone.strip() else ""
    unit = None
    if data.handling == Handling.REFERRED:
        unit = HandlingUnit.objects.filter(
            pk=data.referred_unit_id or 0, organisation_id=station.organisation_id
        ).first()
        if unit is None:
            raise DomainError(_("转交有关部门时请选择部门。"), field="referred_unit")
    if data.handling in (Handling.ANSWERED, Handling.REFERRED) and not data.handling_note.strip():
        raise DomainError(_("请写明答复或转交情况。"), field="handling_note")
    principal = acting_user.principal
    receiver_id = data.received_by_id or (
        principal.member_id if not principal.has("office_staff") else None
    )
    receiver = (
        _org_member(station.organisation_id, receiver_id, "received_by") if receiver_id else None
    )
    request = _public_request(station, data.public_request_id)
    if request is not None and not data.handling_note.strip():
        raise DomainError(_("答复群众诉求时请写明处理情况。"), field="handling_note")
    received_at = data.received_at or timezone.now()
    reception = Reception.objects.create(
        organisation_id=station.organisation_id,
        station=station,
        received_at=received_at,
        channel=data.channel,
        visitor_name=data.visitor_name.strip()[:40],
        visitor_phone=phone,
        topic=data.topic.strip()[:120],
        issue=data.issue.strip(),
        handling=data.handling,
        handling_note=data.handling_note.strip(),
        referred_unit=unit,
        satisfaction=data.satisfaction or "",
        received_by=receiver,
        recorded_by=acting_user,
    )
    audit.record(
        action="stations.reception_create",
        actor=acting_user,
        organisation=station.organisation_id,
        target=reception,
        after={
            "station": station.pk,
            "channel": data.channel,
            "handling": data.handling,
            "public_request": getattr(request, "pk", None),
        },
    )
    if receiver is not None:
        _duty(receiver, station, timezone.localtime(received_at).date())
    if request is not None:
        request_answer(
            acting_user=acting_user,
            request=request,
            outcome=reception.handling_note,
            reception=reception,
        )
    return reception


def _lock_reception(reception: Reception) -> Reception:
    return Reception.objects.select_for_update().select_related("station").get(pk=reception.pk)


def _converted(reception: Reception, *, acting_user: User, kind: str, target_id: int) -> None:
    old = reception.handling
    reception.result_kind = kind
    reception.result_id = target_id
    reception.handling = Handling.OPINION if kind == "opinion" else Handling.PROPOSAL_LEAD
    reception.save(update_fields=["result_kind", "result_id", "handling", "updated_at"])
    audit.record(
        action=f"stations.reception_to_{kind}",
        actor=acting_user,
        organisation=reception.organisation_id,
        target=reception,
        before={"handling": old},
        after={"handling": reception.handling, kind: target_id},
    )


def _source_note(reception: Reception) -> str:
    return _("来源：%(station)s %(date)s 接待登记（%(channel)s）") % {
        "station": reception.station.name,
        "date": timezone.localtime(reception.received_at).strftime("%Y-%m-%d"),
        "channel": reception.get_channel_display(),
    }


@transaction.atomic
def reception_to_opinion(*, acting_user: User, reception: Reception) -> Any:
    """A pre-filled 社情民意 draft for the member who received the visitor."""
    from ningju.opinions.services import opinion_draft_create

    reception = _lock_reception(reception)
    _require(acting_user, "stations.convert", reception)
    opinion = opinion_draft_create(
        acting_user=acting_user,
        title=reception.topic,
        situation=reception.issue,
        analysis="",
        suggestion=reception.handling_note,
        source_note=_source_note(reception),
    )
    _converted(reception, acting_user=acting_user, kind="opinion", target_id=opinion.pk)
    return opinion


@transaction.atomic
def reception_to_proposal(*, acting_user: User, reception: Reception) -> Any:
    """A pre-filled proposal draft (提案线索) for the member who received the visitor."""
    from ningju.proposals.services import DraftData, draft_create

    reception = _lock_reception(reception)
    _require(acting_user, "stations.convert", reception)
    proposal = draft_create(
        acting_user=acting_user,
        data=DraftData(
            title=reception.topic[:120],
            situation=f"{reception.issue}\n\n{_source_note(reception)}",
            suggestions=reception.handling_note,
        ),
    )
    _converted(reception, acting_user=acting_user, kind="proposal", target_id=proposal.pk)
    return proposal


# --------------------------------------------------------------------------- activities


@dataclass
class ActivityData:
    kind: str
    title: str
    held_on: date
    summary: str = ""
    attendee_ids: list[int] = field(default_factory=list)


@transaction.atomic
def activity_create(*, acting_user: User, station: Station, data: ActivityData) -> StationActivity:
    """An activity at the station; each member attending gets an activity duty record."""
    _require(acting_user, "stations.manage", station)
    if data.kind not in ActivityKind.values:
        raise DomainError(_("请选择活动类型。"), field="kind")
    if not data.title.strip():
        raise DomainError(_("请填写主题。"), field="title")
    if data.held_on > timezone.localdate():
        raise DomainError(_("活动日期不能晚于今天。"), field="held_on")
    members = list(
        Member.objects.filter(organisation_id=station.organisation_id, pk__in=data.attendee_ids)
    )
    activity = StationActivity.objects.create(
        organisation_id=station.organisation_id,
        station=station,
        kind=data.kind,
        title=data.title.strip()[:120],
        held_on=data.held_on,
        summary=data.summary.strip(),
    )
    activity.attendees.set(members)
    for member in members:
        duty_record_write(
            member=member,
            kind=DutyKind.ACTIVITY,
            occurred_on=data.held_on,
            source=activity,
            title=_("联络站活动：%(title)s") % {"title": activity.title},
        )
    audit.record(
        action="stations.activity_create",
        actor=acting_user,
        organisation=station.organisation_id,
        target=activity,
        after={"kind": data.kind, "attendees": [m.pk for m in members]},
    )
    return activity
