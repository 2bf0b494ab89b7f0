"""Reads: which meetings a person sees, attendance lists and rates, calendars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.core.errors import NotFoundOrForbidden
from ningju.members.choices import MembershipStatus
from ningju.members.models import CommitteeSeat, Member, Membership

from .choices import AttendanceStatus, LeaveStatus, MeetingStatus
from .models import AgendaItem, Attendance, Invitation, LeaveRequest, Meeting
from .workflow import VISIBLE_TO_INVITEES


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Office staff: every meeting of their organisation; chair-meeting members: every
    meeting once announced; members: the meetings they are invited to, once announced."""
    base = Meeting.objects.visible_to(user)
    principal = user.principal
    if principal.has(Role.OFFICE_STAFF):
        return base
    if principal.has(Role.CHAIR_MEETING):
        return base.filter(status__in=VISIBLE_TO_INVITEES)
    if principal.member_id:
        return base.filter(
            status__in=VISIBLE_TO_INVITEES,
            pk__in=Invitation.objects.filter(member_id=principal.member_id).values("meeting_id"),
        )
    return base.none()


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    meeting = (
        meetings_visible_to(user)
        .select_related("session__term", "committee", "sector")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFoundOrForbidden()
    return meeting


def meeting_list(*, user: Any, upcoming: bool | None = None) -> QuerySet[Meeting]:
    """With the person's own invitation, attendance and leave state, no N+1."""
    member_id = user.principal.member_id or 0
    rows = meetings_visible_to(user).annotate(
        invited_count=Count("invitations", distinct=True),
        is_invited=Exists(Invitation.objects.filter(meeting=OuterRef("pk"), member_id=member_id)),
        signed_in=Exists(
            Attendance.objects.filter(
                meeting=OuterRef("pk"), member_id=member_id, status=AttendanceStatus.PRESENT
            )
        ),
        leave_status=LeaveRequest.objects.filter(
            meeting=OuterRef("pk"),
            member_id=member_id,
            status__in=[LeaveStatus.REQUESTED, LeaveStatus.APPROVED],
        ).values("status")[:1],
    )
    now = timezone.now()
    if upcoming is True:
        rows = rows.filter(ends_at__gte=now).order_by("starts_at", "id")
    elif upcoming is False:
        rows = rows.filter(ends_at__lt=now)
    return rows


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda.prefetch_related("materials"))


@dataclass
class AttendanceRow:
    member: Member
    status: str  # present / leave / absent / pending (not yet signed in) / requested
    method: str
    signed_in_at: Any
    proxy_reason: str
    leave: LeaveRequest | None


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """Every invitee with their state: four queries whatever the number of invitees."""
    invited = list(
        Member.objects.filter(
            pk__in=meeting.invitations.values("member_id"),
        ).only("id", "name", "name_ko", "name_sort_key")
    )
    attendances = {a.member_id: a for a in meeting.attendances.all()}
    leaves = {
        leave.member_id: leave
        for leave in meeting.leave_requests.filter(
            status__in=[LeaveStatus.REQUESTED, LeaveStatus.APPROVED]
        )
    }
    rows = []
    for member in invited:
        attendance = attendances.get(member.pk)
        leave = leaves.get(member.pk)
        if attendance is not None:
            status = attendance.status
        elif leave is not None:
            status = "leave" if leave.status == LeaveStatus.APPROVED else "requested"
        else:
            status = "pending"
        rows.append(
            AttendanceRow(
                member=member,
                status=status,
                method=attendance.method if attendance else "",
                signed_in_at=attendance.signed_in_at if attendance else None,
                proxy_reason=attendance.proxy_reason if attendance else "",
                leave=leave,
            )
        )
    return rows


@dataclass
class Tally:
    invited: int
    present: int
    leave: int
    absent: int

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.present / self.invited, 1) if self.invited else None


def tally(meeting: Meeting) -> Tally:
    counts = meeting.attendances.aggregate(
        present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
        absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
    )
    leave = meeting.leave_requests.filter(status=LeaveStatus.APPROVED).count()
    return Tally(
        invited=meeting.invitations.count(),
        present=counts["present"],
        leave=leave,
        absent=counts["absent"],
    )


def leave_queue(*, user: Any) -> QuerySet[LeaveRequest]:
    """Requests this person decides: plenary/standing for the chair, the rest for the office."""
    from .choices import CHAIR_APPROVED_KINDS
    from .predicates import user_is_chair

    rows = LeaveRequest.objects.filter(
        meeting__organisation_id=user.principal.organisation_id or 0,
        status=LeaveStatus.REQUESTED,
        meeting__status__in=[MeetingStatus.PUBLISHED, MeetingStatus.SIGNIN_OPEN],
    )
    kinds = Q(pk__in=[])
    if user_is_chair(user):
        kinds |= Q(meeting__kind__in=CHAIR_APPROVED_KINDS)
    if user.principal.has(Role.OFFICE_STAFF):
        kinds |= ~Q(meeting__kind__in=CHAIR_APPROVED_KINDS)
    return rows.filter(kinds).select_related("meeting", "member").order_by("meeting__starts_at")


def leave_get(*, user: Any, leave_id: int) -> LeaveRequest:
    """The requester, the office and chair-meeting members of the organisation see it."""
    leave = (
        LeaveRequest.objects.select_related("meeting", "member", "decided_by")
        .filter(pk=leave_id, meeting__organisation_id=user.principal.organisation_id or 0)
        .first()
    )
    principal = user.principal
    if leave is None or not (
        leave.member_id == principal.member_id
        or principal.has(Role.OFFICE_STAFF, Role.CHAIR_MEETING)
    ):
        raise NotFoundOrForbidden()
    return leave


@dataclass
class GroupRate:
    name: str
    invited: int
    present: int
    leave: int
    absent: int

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.present / self.invited, 1) if self.invited else None


def _rates_by(
    organisation_id: int, year: int, group_rows: list[tuple[int, int, str]]
) -> list[GroupRate]:
    """group_rows: (group id, member id, group name). Closed meetings of `year` only."""
    closed = Attendance.objects.filter(
        meeting__organisation_id=organisation_id,
        meeting__status=MeetingStatus.CLOSED,
        meeting__starts_at__year=year,
    )
    per_member = {
        row["member_id"]: row
        for row in closed.values("member_id").annotate(
            invited=Count("id"),
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
            leave=Count("id", filter=Q(status=AttendanceStatus.LEAVE)),
            absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
        )
    }
    groups: dict[int, GroupRate] = {}
    for group_id, member_id, name in group_rows:
        group = groups.setdefault(group_id, GroupRate(name, 0, 0, 0, 0))
        counts = per_member.get(member_id)
        if counts:
            group.invited += counts["invited"]
            group.present += counts["present"]
            group.leave += counts["leave"]
            group.absent += counts["absent"]
    return list(groups.values())


def attendance_overview(*, user: Any, year: int | None = None) -> dict[str, Any]:
    """Attendance of closed meetings in `year`, by special committee and by sector: three
    queries (members per sector, members per committee, counts per member)."""
    organisation_id = user.principal.org
    year = year or timezone.localdate().year
    current = Membership.objects.filter(
        member__organisation_id=organisation_id,
        term__organisation_id=organisation_id,
        term__is_current=True,
        status=MembershipStatus.ACTIVE,
    )
    sectors = [
        (sector_id, member_id, name)
        for sector_id, member_id, name in current.order_by(
            "sector__sort_order", "sector_id"
        ).values_list("sector_id", "member_id", "sector__name")
    ]
    committees = list(
        CommitteeSeat.objects.filter(membership__in=current)
        .order_by("committee__sort_order", "committee_id")
        .values_list("committee_id", "membership__member_id", "committee__name")
    )
    by_sector = _rates_by(organisation_id, year, sectors)
    by_committee = _rates_by(organisation_id, year, committees)
    total = GroupRate("", 0, 0, 0, 0)
    for group in by_sector:
        total.invited += group.invited
        total.present += group.present
        total.leave += group.leave
        total.absent += group.absent
    return {"year": year, "by_sector": by_sector, "by_committee": by_committee, "total": total}


def calendar_meetings(*, user: Any, since: date | None = None) -> QuerySet[Meeting]:
    """Meetings the person is invited to (announced ones), for the calendar page and ICS."""
    member_id = user.principal.member_id
    if not member_id:
        return Meeting.objects.none()
    rows = Meeting.objects.visible_to(user).filter(
        status__in=VISIBLE_TO_INVITEES,
        pk__in=Invitation.objects.filter(member_id=member_id).values("meeting_id"),
    )
    if since is not None:
        rows = rows.filter(starts_at__date__gte=since)
    return rows.order_by("starts_at", "id")


def agenda_prefetch() -> Prefetch:
    return Prefetch("agenda", queryset=AgendaItem.objects.order_by("position"))
