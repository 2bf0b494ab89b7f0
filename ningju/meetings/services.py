"""Every meeting state change: permission, transition table, row lock, audit, duty record,
notification. Pages, the API and the `ningju meetings` command all call these."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.core.uploads import validate_upload
from ningju.members.choices import LeadershipPosition, MembershipStatus
from ningju.members.models import Member, Membership
from ningju.performance.models import DutyKind
from ningju.performance.services import duty_record_void, duty_record_write

from . import notifications, signin_codes
from .choices import (
    AttendanceStatus,
    InviteScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    SignInMethod,
    SpeechKind,
)
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Invitation,
    LeaveRequest,
    Material,
    Meeting,
    Speech,
)
from .workflow import EDITABLE, LEAVE_OPEN, leave_next, meeting_next

MATERIAL_TYPES = {"pdf", "docx", "xlsx", "png", "jpg", "jpeg", "txt"}
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
SPEECH_TYPES = {"pdf", "docx", "txt"}
MEETING_FIELDS = [
    "kind",
    "title",
    "session",
    "number",
    "committee",
    "sector",
    "location",
    "starts_at",
    "ends_at",
    "signin_opens_at",
    "signin_closes_at",
    "description",
]


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _meeting_day(meeting: Meeting) -> Any:
    return timezone.localdate(meeting.starts_at)


def _member_ref(member_id: int, organisation_id: int) -> Member:
    """A Member carrying only what duty_record_write needs (no query)."""
    return Member(pk=member_id, organisation_id=organisation_id)


# --------------------------------------------------------------------------- meetings


@dataclass
class MeetingData:
    kind: str
    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    signin_opens_at: datetime | None = None
    signin_closes_at: datetime | None = None
    session_id: int | None = None
    number: int | None = None
    committee_id: int | None = None
    sector_id: int | None = None
    description: str = ""


def _validate(data: MeetingData, organisation_id: int) -> dict[str, str]:
    from ningju.orgs.models import Sector, Session, SpecialCommittee

    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("请填写会议名称。")
    if not data.location.strip():
        errors["location"] = _("请填写会议地点。")
    if data.ends_at < data.starts_at:
        errors["ends_at"] = _("结束时间不能早于开始时间。")
    opens = data.signin_opens_at or data.starts_at - timedelta(hours=1)
    closes = data.signin_closes_at or data.ends_at
    if closes <= opens:
        errors["signin_closes_at"] = _("签到截止时间须晚于签到开始时间。")
    if (
        data.kind == MeetingKind.PLENARY
        and data.session_id
        and not Session.objects.filter(
            pk=data.session_id, term__organisation_id=organisation_id
        ).exists()
    ):
        errors["session"] = _("请选择本组织的届次。")
    if (
        data.kind == MeetingKind.SPECIAL_COMMITTEE
        and not SpecialCommittee.objects.filter(
            pk=data.committee_id or 0, organisation_id=organisation_id
        ).exists()
    ):
        errors["committee"] = _("专门委员会会议须选择专门委员会。")
    if (
        data.kind == MeetingKind.SECTOR_GROUP
        and not Sector.objects.filter(
            pk=data.sector_id or 0, organisation_id=organisation_id
        ).exists()
    ):
        errors["sector"] = _("界别组会议须选择界别。")
    return errors


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.kind = data.kind
    meeting.title = data.title.strip()
    meeting.location = data.location.strip()
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.signin_opens_at = data.signin_opens_at or data.starts_at - timedelta(hours=1)
    meeting.signin_closes_at = data.signin_closes_at or data.ends_at
    meeting.session_id = data.session_id if data.kind == MeetingKind.PLENARY else None
    meeting.number = data.number
    meeting.committee_id = data.committee_id if data.kind == MeetingKind.SPECIAL_COMMITTEE else None
    meeting.sector_id = data.sector_id if data.kind == MeetingKind.SECTOR_GROUP else None
    meeting.description = data.description.strip()


def _check(data: MeetingData, organisation_id: int) -> None:
    errors = _validate(data, organisation_id)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise DomainError(message, code="invalid_meeting", field=field_name, detail=errors)


@transaction.atomic
def meeting_create(*, acting_user: User, data: MeetingData) -> Meeting:
    """A draft meeting of the acting office's organisation."""
    _require(acting_user, "meetings.manage")
    organisation_id = acting_user.principal.org
    _check(data, organisation_id)
    meeting = Meeting(organisation_id=organisation_id, created_by=acting_user)
    _apply(meeting, data)
    meeting.save()
    audit.record(
        action="meeting.create",
        actor=acting_user,
        organisation=organisation_id,
        target=meeting,
        after=audit.snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


@transaction.atomic
def meeting_update(*, acting_user: User, meeting: Meeting, data: MeetingData) -> Meeting:
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    if meeting.status not in EDITABLE:
        raise DomainError(_("会议已开始签到或已结束，不能再修改。"), code="not_editable")
    _check(data, meeting.organisation_id)
    before = audit.snapshot(meeting, MEETING_FIELDS)
    _apply(meeting, data)
    meeting.save()
    audit.record(
        action="meeting.update",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=meeting,
        before=before,
        after=audit.snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


def _transition(meeting: Meeting, action: str, *, actor: User | None, fields: list[str]) -> None:
    old = meeting.status
    meeting.status = meeting_next(old, action)
    meeting.save(update_fields=["status", "updated_at", *fields])
    audit.record(
        action=f"meeting.{action}",
        actor=actor,
        organisation=meeting.organisation_id,
        target=meeting,
        before={"status": old},
        after={"status": meeting.status},
    )


@transaction.atomic
def meeting_transition(
    *, acting_user: User, meeting: Meeting, action: str, now: datetime | None = None
) -> Meeting:
    """publish (notice to invitees), open_signin, close (leave and absence computed), cancel."""
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    meeting_next(meeting.status, action)  # refuse early, before any side effect
    now = now or timezone.now()
    if action == "publish":
        if not meeting.invitations.exists():
            raise DomainError(_("请先确定参会人员，再发会议通知。"), code="no_invitees")
        _transition(meeting, action, actor=acting_user, fields=[])
        notifications.published(meeting, notifications.invitee_users(meeting))
    elif action == "open_signin":
        _transition(meeting, action, actor=acting_user, fields=[])
    elif action == "close":
        meeting.closed_at = now
        _transition(meeting, action, actor=acting_user, fields=["closed_at"])
        _record_leave_and_absence(meeting)
    else:
        _transition(meeting, action, actor=acting_user, fields=[])
        notifications.cancelled(meeting)
    return meeting


def _record_leave_and_absence(meeting: Meeting) -> None:
    """Invited, not signed in: approved leave → 请假, otherwise → 缺席 (with a duty record).
    Someone who came despite approved leave counts as present; the leave record is voided."""
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    present = set(
        meeting.attendances.filter(status=AttendanceStatus.PRESENT).values_list(
            "member_id", flat=True
        )
    )
    approved = set(
        meeting.leave_requests.filter(status=LeaveStatus.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    on_leave = (approved & invited) - present
    absent = invited - present - approved
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, member_id=m, status=AttendanceStatus.LEAVE)
            for m in sorted(on_leave)
        ]
        + [
            Attendance(meeting=meeting, member_id=m, status=AttendanceStatus.ABSENT)
            for m in sorted(absent)
        ],
        ignore_conflicts=True,
    )
    day = _meeting_day(meeting)
    for member_id in sorted(absent):
        duty_record_write(
            member=_member_ref(member_id, meeting.organisation_id),
            kind=DutyKind.MEETING_ABSENT,
            occurred_on=day,
            source=meeting,
            title=meeting.title,
        )
    for member_id in sorted(approved & present):
        duty_record_void(
            member=_member_ref(member_id, meeting.organisation_id),
            kind=DutyKind.MEETING_LEAVE,
            source=meeting,
            reason=_("已到会签到"),
        )
    audit.record(
        action="meeting.attendance_closed",
        organisation=meeting.organisation_id,
        target=meeting,
        after={
            "invited": len(invited),
            "present": len(present & invited),
            "leave": len(on_leave),
            "absent": len(absent),
        },
    )


@transaction.atomic
def minutes_save(*, acting_user: User, meeting: Meeting, minutes: str) -> Meeting:
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    before = {"minutes_length": len(meeting.minutes)}
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes", "updated_at"])
    audit.record(
        action="meeting.minutes",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=meeting,
        before=before,
        after={"minutes_length": len(meeting.minutes)},
    )
    return meeting


# --------------------------------------------------------------------------- invitations


def scope_member_ids(
    *,
    organisation_id: int,
    scope: str,
    committee_id: int | None = None,
    sector_id: int | None = None,
) -> list[int]:
    """Members of the current term in `scope`: one query whatever the size of the committee."""
    rows = Membership.objects.filter(
        member__organisation_id=organisation_id,
        term__organisation_id=organisation_id,
        term__is_current=True,
        status=MembershipStatus.ACTIVE,
    )
    if scope == InviteScope.STANDING:
        rows = rows.filter(is_standing_committee=True)
    elif scope == InviteScope.CHAIR_MEETING:
        rows = rows.filter(
            leadership_position__in=[
                LeadershipPosition.CHAIR,
                LeadershipPosition.VICE_CHAIR,
                LeadershipPosition.SECRETARY_GENERAL,
            ]
        )
    elif scope == InviteScope.COMMITTEE:
        rows = rows.filter(seats__committee_id=committee_id or 0)
    elif scope == InviteScope.SECTOR:
        rows = rows.filter(sector_id=sector_id or 0)
    elif scope != InviteScope.ALL:
        raise DomainError(_("请选择邀请范围。"), code="invalid_scope", field="scope")
    return sorted(set(rows.values_list("member_id", flat=True)))


@transaction.atomic
def invitations_add(
    *,
    acting_user: User,
    meeting: Meeting,
    scope: str,
    committee_id: int | None = None,
    sector_id: int | None = None,
    member_ids: list[int] | None = None,
) -> int:
    """Invite everyone in `scope` (or the listed members of this organisation); returns how
    many were newly invited. A published meeting sends the notice to the new invitees."""
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    if meeting.status not in EDITABLE:
        raise DomainError(_("会议已开始签到或已结束，不能再邀请。"), code="not_editable")
    if member_ids is not None:
        wanted = sorted(
            set(
                Member.objects.filter(
                    organisation_id=meeting.organisation_id, pk__in=member_ids
                ).values_list("pk", flat=True)
            )
        )
        scope = scope or InviteScope.ALL
    else:
        wanted = scope_member_ids(
            organisation_id=meeting.organisation_id,
            scope=scope,
            committee_id=committee_id,
            sector_id=sector_id,
        )
    existing = set(meeting.invitations.values_list("member_id", flat=True))
    new = [m for m in wanted if m not in existing]
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, member_id=m, scope=scope) for m in new],
        batch_size=500,
        ignore_conflicts=True,
    )
    audit.record(
        action="meeting.invite",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=meeting,
        after={
            "scope": scope,
            "committee": committee_id,
            "sector": sector_id,
            "added": len(new),
        },
    )
    if new and meeting.status != MeetingStatus.DRAFT:
        notifications.published(meeting, notifications.member_users(new))
    return len(new)


@transaction.atomic
def invitation_remove(*, acting_user: User, meeting: Meeting, member_id: int) -> None:
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    if meeting.status not in EDITABLE:
        raise DomainError(_("会议已开始签到或已结束，不能再调整参会人员。"), code="not_editable")
    deleted, _rows = meeting.invitations.filter(member_id=member_id).delete()
    if deleted:
        audit.record(
            action="meeting.uninvite",
            actor=acting_user,
            organisation=meeting.organisation_id,
            target=meeting,
            after={"member": member_id},
        )


# --------------------------------------------------------------------------- agenda


@transaction.atomic
def agenda_item_add(
    *,
    acting_user: User,
    meeting: Meeting,
    title: str,
    presenter: str = "",
    is_first_topic: bool = False,
    study_material: str = "",
) -> AgendaItem:
    """Append an item; 第一议题 only as the first item, with its study content."""
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    if meeting.status not in EDITABLE:
        raise DomainError(_("会议已开始签到或已结束，不能再修改议程。"), code="not_editable")
    if not title.strip():
        raise DomainError(_("请填写议题。"), code="invalid_item", field="title")
    count = meeting.agenda.count()
    if is_first_topic and count:
        raise DomainError(
            _("只有第一项议程可以标为“第一议题”。"), code="first_topic", field="is_first_topic"
        )
    if is_first_topic and not study_material.strip():
        raise DomainError(
            _("第一议题须写明学习内容。"), code="first_topic_material", field="study_material"
        )
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=count + 1,
        title=title.strip(),
        presenter=presenter.strip(),
        is_first_topic=is_first_topic,
        study_material=study_material.strip(),
    )
    audit.record(
        action="meeting.agenda_add",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=item,
        after={"meeting": meeting.pk, "title": item.title, "first_topic": is_first_topic},
    )
    return item


@transaction.atomic
def material_add(*, acting_user: User, item: AgendaItem, upload: UploadedFile) -> Material:
    meeting = _lock(item.meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    try:
        kind = validate_upload(upload, allowed=MATERIAL_TYPES, max_bytes=MATERIAL_MAX_BYTES)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_file", field="file") from exc
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    material = Material(
        item=item,
        name=name,
        content_type=kind.content_type,
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    material.file.save(f"{secrets.token_hex(8)}.{kind.extension}", upload, save=False)
    material.save()
    audit.record(
        action="meeting.material_add",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=material,
        after={"item": item.pk, "name": name, "size": material.size},
    )
    return material


# --------------------------------------------------------------------------- leave


def _my_member_id(user: User) -> int:
    member_id = user.principal.member_id
    if not member_id:
        raise PermissionDenied()
    return int(member_id)


@transaction.atomic
def leave_request(
    *, acting_user: User, meeting: Meeting, reason: str, now: datetime | None = None
) -> LeaveRequest:
    """请假: an invitee asks not to attend, before the meeting ends."""
    member_id = _my_member_id(acting_user)
    meeting = _lock(meeting)
    if meeting.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    if not meeting.invitations.filter(member_id=member_id).exists():
        raise DomainError(_("您不在这次会议的参会名单中。"), code="not_invited")
    now = now or timezone.now()
    if meeting.status not in LEAVE_OPEN or now >= meeting.ends_at:
        raise DomainError(_("会议已结束或已取消，不能再请假。"), code="leave_closed")
    if not reason.strip():
        raise DomainError(_("请写明请假事由。"), code="invalid_leave", field="reason")
    if meeting.attendances.filter(member_id=member_id).exists():
        raise DomainError(_("您已签到，无需请假。"), code="already_signed_in")
    if meeting.leave_requests.filter(
        member_id=member_id, status__in=[LeaveStatus.REQUESTED, LeaveStatus.APPROVED]
    ).exists():
        raise DomainError(_("您已提交过请假，请等待审批结果。"), code="leave_exists")
    leave = LeaveRequest.objects.create(meeting=meeting, member_id=member_id, reason=reason.strip())
    audit.record(
        action="leave.request",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=leave,
        after={"status": leave.status, "meeting": meeting.pk},
    )
    leave = LeaveRequest.objects.select_related("meeting", "member").get(pk=leave.pk)
    notifications.leave_requested(leave)
    return leave


def _lock_leave(leave: LeaveRequest) -> LeaveRequest:
    Meeting.objects.select_for_update().filter(pk=leave.meeting_id).first()  # parent first
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("meeting", "member")
        .get(pk=leave.pk)
    )


def _leave_transition(leave: LeaveRequest, action: str, *, actor: User, note: str = "") -> None:
    old = leave.status
    leave.status = leave_next(old, action)
    fields = ["status", "updated_at"]
    if action in ("approve", "reject"):
        leave.decided_by = actor
        leave.decided_at = timezone.now()
        leave.decision_note = note.strip()[:200]
        fields += ["decided_by", "decided_at", "decision_note"]
    leave.save(update_fields=fields)
    audit.record(
        action=f"leave.{action}",
        actor=actor,
        organisation=leave.meeting.organisation_id,
        target=leave,
        before={"status": old},
        after={"status": leave.status, "note": leave.decision_note},
    )


@transaction.atomic
def leave_decide(
    *, acting_user: User, leave: LeaveRequest, approve: bool, note: str = ""
) -> LeaveRequest:
    """The chair (plenary, standing committee) or the office (other meetings) decides."""
    leave = _lock_leave(leave)
    if leave.meeting.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    _require(acting_user, "meetings.decide_leave", leave)
    if leave.meeting.status not in LEAVE_OPEN:
        raise DomainError(_("会议已结束或已取消，不能再审批请假。"), code="leave_closed")
    _leave_transition(leave, "approve" if approve else "reject", actor=acting_user, note=note)
    if approve:
        duty_record_write(
            member=leave.member,
            kind=DutyKind.MEETING_LEAVE,
            occurred_on=_meeting_day(leave.meeting),
            source=leave.meeting,
            title=leave.meeting.title,
        )
    notifications.leave_decided(leave, approved=approve)
    return leave


@transaction.atomic
def leave_withdraw(*, acting_user: User, leave: LeaveRequest) -> LeaveRequest:
    leave = _lock_leave(leave)
    _require(acting_user, "meetings.withdraw_leave", leave)
    if leave.meeting.status not in LEAVE_OPEN:
        raise DomainError(_("会议已结束或已取消，不能再撤回请假。"), code="leave_closed")
    was_approved = leave.status == LeaveStatus.APPROVED
    _leave_transition(leave, "withdraw", actor=acting_user)
    if was_approved:
        duty_record_void(
            member=leave.member,
            kind=DutyKind.MEETING_LEAVE,
            source=leave.meeting,
            reason=_("请假已撤回"),
        )
    return leave


# --------------------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class SignInResult:
    meeting: Meeting
    attendance: Attendance
    already: bool


def _meeting_for_code(user: User, code: str) -> tuple[Meeting, signin_codes.ParsedCode]:
    parsed = signin_codes.parse(code)
    if parsed is None:
        raise DomainError(_("签到码无效，请重新扫描会场的二维码。"), code="invalid_code")
    member_id = user.principal.member_id or 0
    meeting = (
        Meeting.objects.filter(pk=parsed.meeting_id, organisation_id=user.principal.org)
        .only(
            "id",
            "organisation_id",
            "title",
            "status",
            "starts_at",
            "location",
            "signin_opens_at",
            "signin_closes_at",
            "signin_secret",
        )
        .annotate(
            invited=Exists(Invitation.objects.filter(meeting=OuterRef("pk"), member_id=member_id))
        )
        .first()
    )
    if meeting is None or not signin_codes.is_authentic(parsed, meeting.signin_secret):
        raise DomainError(_("签到码无效，请重新扫描会场的二维码。"), code="invalid_code")
    return meeting, parsed


def signin_check(
    *, acting_user: User, code: str, now: datetime | None = None, confirming: bool = False
) -> Meeting:
    """The meeting a scanned code is for, if this person may sign in now; else a DomainError
    saying why (expired code, outside the window, not invited)."""
    now = now or timezone.now()
    meeting, parsed = _meeting_for_code(acting_user, code)
    grace = signin_codes.CONFIRM_GRACE_SLOTS if confirming else signin_codes.SCAN_GRACE_SLOTS
    if not signin_codes.is_fresh(parsed, now, grace_slots=grace):
        raise DomainError(
            _("二维码已过期，请重新扫描会场大屏上的二维码。"), code="expired_code", detail={}
        )
    if (
        meeting.status != MeetingStatus.SIGNIN_OPEN
        or now < meeting.signin_opens_at
        or now > meeting.signin_closes_at
    ):
        raise DomainError(_("现在不在签到时间内。"), code="outside_window")
    if not acting_user.principal.member_id or not meeting.invited:  # type: ignore[attr-defined]
        raise DomainError(
            _("您不在这次会议的参会名单中，如有疑问请联系会务工作人员。"), code="not_invited"
        )
    return meeting


def _write_presence(
    meeting: Meeting,
    member_id: int,
    *,
    method: str,
    actor: User,
    now: datetime,
    reason: str = "",
) -> tuple[Attendance, bool]:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting,
                member_id=member_id,
                status=AttendanceStatus.PRESENT,
                method=method,
                signed_in_at=now,
                recorded_by=actor if method == SignInMethod.PROXY else None,
                proxy_reason=reason,
            )
    except IntegrityError:
        # A second tap (or two phones): the first sign-in stands.
        return Attendance.objects.get(meeting=meeting, member_id=member_id), False
    duty_record_write(
        member=_member_ref(member_id, meeting.organisation_id),
        kind=DutyKind.MEETING_ATTENDED,
        occurred_on=_meeting_day(meeting),
        source=meeting,
        title=meeting.title,
    )
    audit.record(
        action="meeting.sign_in" if method == SignInMethod.QR else "meeting.proxy_sign_in",
        actor=actor,
        organisation=meeting.organisation_id,
        object_type="meetings.attendance",
        object_id=str(attendance.pk),
        object_repr=f"{meeting.title}"[:200],
        after={"meeting": meeting.pk, "member": member_id, "method": method, "reason": reason},
    )
    return attendance, True


def attendance_sign_in(
    *, acting_user: User, code: str, now: datetime | None = None
) -> SignInResult:
    """签到 by the scanned code. Idempotent: signing in twice keeps the first time.

    The checks only read, so they run before the transaction: on SQLite the write lock (and
    on PostgreSQL the audit chain's head row) is held only for the three writes — the
    attendance row, the duty record and the audit row, which commit together."""
    now = now or timezone.now()
    meeting = signin_check(acting_user=acting_user, code=code, now=now, confirming=True)
    member_id = int(acting_user.principal.member_id or 0)
    with transaction.atomic():
        attendance, created = _write_presence(
            meeting, member_id, method=SignInMethod.QR, actor=acting_user, now=now
        )
    return SignInResult(meeting=meeting, attendance=attendance, already=not created)


@transaction.atomic
def attendance_proxy(
    *,
    acting_user: User,
    meeting: Meeting,
    member_id: int,
    reason: str,
    now: datetime | None = None,
) -> Attendance:
    """代签: the office signs an invitee in (no phone, signed the paper list), with a reason."""
    meeting = _lock(meeting)
    _require(acting_user, "meetings.manage_meeting", meeting)
    if meeting.status != MeetingStatus.SIGNIN_OPEN:
        raise DomainError(_("只有签到中的会议才能代签。"), code="outside_window")
    if not reason.strip():
        raise DomainError(_("请写明代签原因。"), code="invalid_proxy", field="reason")
    if not meeting.invitations.filter(member_id=member_id).exists():
        raise DomainError(_("该委员不在参会名单中。"), code="not_invited", field="member")
    attendance, created = _write_presence(
        meeting,
        member_id,
        method=SignInMethod.PROXY,
        actor=acting_user,
        now=now or timezone.now(),
        reason=reason.strip()[:200],
    )
    if not created:
        raise DomainError(_("该委员已签到。"), code="already_signed_in", field="member")
    return attendance


# --------------------------------------------------------------------------- speeches


@transaction.atomic
def speech_add(
    *,
    acting_user: User,
    meeting: Meeting,
    kind: str,
    title: str,
    text: str = "",
    upload: UploadedFile | None = None,
    member_id: int | None = None,
) -> Speech:
    """大会发言. A member files their own; the office records anyone's (e.g. oral speeches)."""
    meeting = _lock(meeting)
    if meeting.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    office = acting_user.has_perm("meetings.manage_meeting", meeting)
    if member_id is None or not office:
        member_id = _my_member_id(acting_user)
    if meeting.status in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED):
        raise DomainError(_("会议尚未通知或已取消，不能登记发言。"), code="speech_closed")
    if kind not in SpeechKind.values:
        raise DomainError(_("请选择发言形式。"), code="invalid_speech", field="kind")
    if not title.strip():
        raise DomainError(_("请填写发言题目。"), code="invalid_speech", field="title")
    if not meeting.invitations.filter(member_id=member_id).exists():
        raise DomainError(_("该委员不在参会名单中。"), code="not_invited", field="member")
    if kind == SpeechKind.WRITTEN and not text.strip() and upload is None:
        raise DomainError(
            _("书面发言请填写发言内容或上传发言稿。"), code="invalid_speech", field="text"
        )
    speech = Speech(
        meeting=meeting,
        member_id=member_id,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        recorded_by=acting_user,
    )
    if upload is not None:
        try:
            file_kind = validate_upload(upload, allowed=SPEECH_TYPES, max_bytes=MATERIAL_MAX_BYTES)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], code="invalid_file", field="file") from exc
        speech.file_name = (upload.name or "file").rsplit("/", 1)[-1][:200]
        speech.content_type = file_kind.content_type
        speech.file.save(f"{secrets.token_hex(8)}.{file_kind.extension}", upload, save=False)
    speech.save()
    duty_record_write(
        member=_member_ref(member_id, meeting.organisation_id),
        kind=DutyKind.SPEECH,
        occurred_on=_meeting_day(meeting),
        source=speech,
        title=f"{meeting.title}：{speech.title}",
    )
    audit.record(
        action="meeting.speech_add",
        actor=acting_user,
        organisation=meeting.organisation_id,
        target=speech,
        after={"meeting": meeting.pk, "member": member_id, "kind": kind},
    )
    return speech


# --------------------------------------------------------------------------- reminders


def reminders_send(*, hours: int = 24, now: datetime | None = None) -> int:
    """Notify the invitees of every published meeting starting within `hours`; each meeting
    is reminded once (reminded_at), so running the command again sends nothing new."""
    now = now or timezone.now()
    due = list(
        Meeting.objects.filter(
            status__in=[MeetingStatus.PUBLISHED, MeetingStatus.SIGNIN_OPEN],
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=hours),
        ).values_list("pk", flat=True)
    )
    sent = 0
    for meeting_id in due:
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            if meeting.reminded_at is not None:
                continue
            meeting.reminded_at = now
            meeting.save(update_fields=["reminded_at", "updated_at"])
            on_leave = meeting.leave_requests.filter(status=LeaveStatus.APPROVED).values_list(
                "member_id", flat=True
            )
            recipients = notifications.member_users(
                meeting.invitations.exclude(member_id__in=on_leave).values_list(
                    "member_id", flat=True
                )
            )
            notifications.reminder(meeting, recipients)
            audit.record(
                action="meeting.remind",
                organisation=meeting.organisation_id,
                target=meeting,
                after={"recipients": len(recipients), "hours": hours},
            )
            sent += 1
    return sent


# --------------------------------------------------------------------------- calendar


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed, _created = CalendarFeed.objects.get_or_create(
            user=user,
            defaults={"organisation_id": user.principal.org, "token": secrets.token_urlsafe(32)},
        )
    return feed


@transaction.atomic
def calendar_feed_reset(*, acting_user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=acting_user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "updated_at"])
    audit.record(
        action="meeting.calendar_reset",
        actor=acting_user,
        organisation=feed.organisation_id,
        target=feed,
    )
    return feed
