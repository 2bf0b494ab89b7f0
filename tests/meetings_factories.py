"""Meetings built through the real services, for the meeting tests and permission rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from ningju.accounts.models import User
from ningju.meetings import services
from ningju.meetings.choices import InviteScope, MeetingKind
from ningju.meetings.models import LeaveRequest, Meeting
from ningju.members.models import Member
from tests import factories


def office(org_code: str = "yanbian") -> User:
    """The organisation's office account: `staff` for the prefecture, `county_staff`."""
    return User.objects.get(username="staff" if org_code == "yanbian" else "county_staff")


def meeting(
    w: factories.World,
    *,
    kind: str = MeetingKind.PLENARY,
    state: str = "signin_open",
    county: bool = False,
    starts_at: datetime | None = None,
    title: str = "",
) -> Meeting:
    """A meeting in `state` (draft, published, signin_open, closed, cancelled) with every
    current member of the organisation invited; sign-in is open around now."""
    staff = w["county_staff"] if county else w["staff"]
    org = w.county if county else w.prefecture
    now = timezone.now()
    starts = starts_at or now + timedelta(minutes=30)
    extra = {}
    if kind == MeetingKind.SPECIAL_COMMITTEE:
        from ningju.orgs.models import SpecialCommittee

        extra["committee_id"] = SpecialCommittee.objects.filter(organisation=org).last().pk  # type: ignore[union-attr]
    created = services.meeting_create(
        acting_user=staff,
        data=services.MeetingData(
            kind=kind,
            title=title or f"{org.short_name}会议",
            location="州政协机关三楼会议室",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            signin_opens_at=min(now - timedelta(minutes=5), starts - timedelta(hours=1)),
            signin_closes_at=starts + timedelta(hours=3),
            **extra,
        ),
    )
    if state == "draft":
        return created
    services.invitations_add(acting_user=staff, meeting=created, scope=InviteScope.ALL)
    if state == "cancelled":
        return services.meeting_transition(acting_user=staff, meeting=created, action="cancel")
    services.meeting_transition(acting_user=staff, meeting=created, action="publish")
    if state == "published":
        return Meeting.objects.get(pk=created.pk)
    services.meeting_transition(acting_user=staff, meeting=created, action="open_signin")
    if state == "closed":
        return services.meeting_transition(acting_user=staff, meeting=created, action="close")
    return Meeting.objects.get(pk=created.pk)


def leave(w: factories.World, meeting_obj: Meeting, username: str = "member") -> LeaveRequest:
    return services.leave_request(
        acting_user=w[username], meeting=meeting_obj, reason="赴长春参加省政协培训"
    )


def member_of(user: User) -> Member:
    return Member.objects.get(user=user)
