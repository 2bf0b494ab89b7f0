"""Meeting services: workflow tables, invitations, leave, QR sign-in, close, duty records."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ningju.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from ningju.core.models import AuditEvent
from ningju.meetings import services, signin_codes, workflow
from ningju.meetings.choices import (
    AttendanceStatus,
    InviteScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
)
from ningju.meetings.models import Attendance, Invitation
from ningju.performance.models import DutyKind, DutyRecord
from tests import factories
from tests.meetings_factories import leave, meeting, member_of

pytestmark = pytest.mark.django_db

MEETING_STATES = list(MeetingStatus.values)
LEAVE_STATES = list(LeaveStatus.values)


@pytest.mark.parametrize("status", MEETING_STATES)
@pytest.mark.parametrize("action", workflow.MEETING_ACTIONS)
def test_meeting_table(status: str, action: str) -> None:
    expected = workflow.MEETING_TRANSITIONS.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.meeting_next(status, action)
    else:
        assert workflow.meeting_next(status, action) == expected


@pytest.mark.parametrize("status", LEAVE_STATES)
@pytest.mark.parametrize("action", workflow.LEAVE_ACTIONS)
def test_leave_table(status: str, action: str) -> None:
    expected = workflow.LEAVE_TRANSITIONS.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.leave_next(status, action)
    else:
        assert workflow.leave_next(status, action) == expected


def _code(m, moment=None) -> str:  # type: ignore[no-untyped-def]
    return signin_codes.code_for(m.pk, m.signin_secret, moment or timezone.now())


def _duty(user, kind) -> int:  # type: ignore[no-untyped-def]
    return DutyRecord.objects.filter(member=member_of(user), kind=kind, is_void=False).count()


def test_invitations_by_scope_are_scoped_to_the_organisation(world: factories.World) -> None:
    m = meeting(world, state="draft")
    staff = world["staff"]
    assert services.invitations_add(acting_user=staff, meeting=m, scope=InviteScope.STANDING) == 1
    assert (
        services.invitations_add(acting_user=staff, meeting=m, scope=InviteScope.CHAIR_MEETING) == 1
    )
    assert services.invitations_add(acting_user=staff, meeting=m, scope=InviteScope.ALL) == 2
    invited = set(Invitation.objects.filter(meeting=m).values_list("member__name", flat=True))
    assert invited == {"金哲洙", "朴英顺", "康芳", "李东浩"}  # not the county's 崔明日
    with pytest.raises(PermissionDenied):
        services.invitations_add(acting_user=world["member"], meeting=m, scope=InviteScope.ALL)


def test_publish_needs_invitees_and_notifies_them(world: factories.World) -> None:
    m = meeting(world, state="draft")
    with pytest.raises(DomainError) as exc:
        services.meeting_transition(acting_user=world["staff"], meeting=m, action="publish")
    assert exc.value.code == "no_invitees"
    services.invitations_add(acting_user=world["staff"], meeting=m, scope=InviteScope.ALL)
    services.meeting_transition(acting_user=world["staff"], meeting=m, action="publish")
    from ningju.notify.models import Notification

    assert Notification.objects.filter(
        recipient=world["member"], event="meeting.published"
    ).exists()
    assert AuditEvent.objects.filter(action="meeting.publish", object_id=str(m.pk)).exists()


def test_qr_sign_in_writes_attendance_duty_and_audit_once(world: factories.World) -> None:
    m = meeting(world)
    result = services.attendance_sign_in(acting_user=world["member"], code=_code(m))
    assert not result.already
    again = services.attendance_sign_in(acting_user=world["member"], code=_code(m))
    assert again.already
    assert again.attendance.signed_in_at == result.attendance.signed_in_at
    assert Attendance.objects.filter(meeting=m, status=AttendanceStatus.PRESENT).count() == 1
    assert _duty(world["member"], DutyKind.MEETING_ATTENDED) == 1
    assert AuditEvent.objects.filter(action="meeting.sign_in").count() == 1


def test_code_from_the_previous_slot_is_accepted_older_ones_are_not(
    world: factories.World,
) -> None:
    m = meeting(world)
    now = timezone.now()
    previous = _code(m, now - timedelta(seconds=signin_codes.SLOT_SECONDS))
    services.signin_check(acting_user=world["member"], code=previous, now=now)
    stale = _code(m, now - timedelta(seconds=3 * signin_codes.SLOT_SECONDS))
    with pytest.raises(DomainError) as exc:
        services.signin_check(acting_user=world["member"], code=stale, now=now)
    assert exc.value.code == "expired_code"
    # …but a confirmation tap allows a little longer (the member may have had to log in).
    services.signin_check(acting_user=world["member"], code=stale, now=now, confirming=True)
    ancient = _code(m, now - timedelta(minutes=10))
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["member"], code=ancient, now=now)
    assert exc.value.code == "expired_code"


def test_forged_or_foreign_codes_are_refused(world: factories.World) -> None:
    m = meeting(world)
    code = _code(m)
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    for bad in (forged, "garbage", f"{m.pk}-1-abc"):
        with pytest.raises(DomainError) as exc:
            services.attendance_sign_in(acting_user=world["member"], code=bad)
        assert exc.value.code == "invalid_code"
    county = meeting(world, county=True)
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["member"], code=_code(county))
    assert exc.value.code == "invalid_code"


def test_outside_the_window_and_not_invited(world: factories.World) -> None:
    published = meeting(world, state="published")
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["member"], code=_code(published))
    assert exc.value.code == "outside_window"
    m = meeting(world)
    later = m.signin_closes_at + timedelta(minutes=1)
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["member"], code=_code(m, later), now=later)
    assert exc.value.code == "outside_window"
    Invitation.objects.filter(meeting=m, member=member_of(world["standing"])).delete()
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["standing"], code=_code(m))
    assert exc.value.code == "not_invited"
    with pytest.raises(DomainError) as exc:
        services.attendance_sign_in(acting_user=world["staff"], code=_code(m))
    assert exc.value.code == "not_invited"


def test_plenary_leave_is_decided_by_the_chair_only(world: factories.World) -> None:
    m = meeting(world, kind=MeetingKind.PLENARY, state="published")
    request = leave(world, m)
    from ningju.notify.models import Notification

    assert Notification.objects.filter(
        recipient=world["chair"], event="meeting.leave_requested"
    ).exists()
    assert not Notification.objects.filter(
        recipient=world["staff"], event="meeting.leave_requested"
    ).exists()
    for username in ("staff", "director", "standing", "member"):
        with pytest.raises(PermissionDenied):
            services.leave_decide(acting_user=world[username], leave=request, approve=True)
    decided = services.leave_decide(acting_user=world["chair"], leave=request, approve=True)
    assert decided.status == LeaveStatus.APPROVED
    assert _duty(world["member"], DutyKind.MEETING_LEAVE) == 1
    assert Notification.objects.filter(
        recipient=world["member"], event="meeting.leave_decided"
    ).exists()
    with pytest.raises(TransitionNotAllowed):
        services.leave_decide(acting_user=world["chair"], leave=decided, approve=False)
    withdrawn = services.leave_withdraw(acting_user=world["member"], leave=decided)
    assert withdrawn.status == LeaveStatus.WITHDRAWN
    assert _duty(world["member"], DutyKind.MEETING_LEAVE) == 0


def test_other_meetings_leave_is_decided_by_the_office(world: factories.World) -> None:
    m = meeting(world, kind=MeetingKind.SPECIAL_COMMITTEE, state="published")
    request = leave(world, m)
    with pytest.raises(PermissionDenied):
        services.leave_decide(acting_user=world["chair"], leave=request, approve=True)
    rejected = services.leave_decide(
        acting_user=world["staff"], leave=request, approve=False, note="本次会议须本人出席"
    )
    assert rejected.status == LeaveStatus.REJECTED
    assert _duty(world["member"], DutyKind.MEETING_LEAVE) == 0


def test_leave_refused_after_the_meeting_twice_or_when_signed_in(world: factories.World) -> None:
    closed = meeting(world, state="closed")
    with pytest.raises(DomainError) as exc:
        leave(world, closed)
    assert exc.value.code == "leave_closed"
    m = meeting(world)
    leave(world, m)
    with pytest.raises(DomainError) as exc:
        leave(world, m)
    assert exc.value.code == "leave_exists"
    services.attendance_sign_in(acting_user=world["standing"], code=_code(m))
    with pytest.raises(DomainError) as exc:
        leave(world, m, "standing")
    assert exc.value.code == "already_signed_in"
    with pytest.raises(DomainError) as exc:
        services.leave_request(acting_user=world["director"], meeting=m, reason="  ")
    assert exc.value.field == "reason"
    with time_machine.travel(m.ends_at + timedelta(minutes=1)), pytest.raises(DomainError) as exc:
        leave(world, m, "director")
    assert exc.value.code == "leave_closed"


def test_close_records_leave_absence_and_voids_leave_of_those_who_came(
    world: factories.World,
) -> None:
    m = meeting(world)
    services.attendance_sign_in(acting_user=world["member"], code=_code(m))
    approved = leave(world, m, "standing")
    services.leave_decide(acting_user=world["chair"], leave=approved, approve=True)
    came_anyway = leave(world, m, "director")
    services.leave_decide(acting_user=world["chair"], leave=came_anyway, approve=True)
    services.attendance_proxy(
        acting_user=world["staff"],
        meeting=m,
        member_id=member_of(world["director"]).pk,
        reason="手机没电，签纸质签到表",
    )
    services.meeting_transition(acting_user=world["staff"], meeting=m, action="close")
    statuses = dict(Attendance.objects.filter(meeting=m).values_list("member__name", "status"))
    assert statuses == {
        "金哲洙": "present",
        "朴英顺": "leave",
        "康芳": "absent",
        "李东浩": "present",
    }
    assert _duty(world["chair"], DutyKind.MEETING_ABSENT) == 1
    assert _duty(world["standing"], DutyKind.MEETING_LEAVE) == 1
    assert _duty(world["director"], DutyKind.MEETING_LEAVE) == 0
    assert _duty(world["director"], DutyKind.MEETING_ATTENDED) == 1
    with pytest.raises(TransitionNotAllowed):
        services.meeting_transition(acting_user=world["staff"], meeting=m, action="close")


def test_proxy_needs_reason_and_refuses_double(world: factories.World) -> None:
    m = meeting(world)
    member_id = member_of(world["member"]).pk
    with pytest.raises(DomainError) as exc:
        services.attendance_proxy(
            acting_user=world["staff"], meeting=m, member_id=member_id, reason=""
        )
    assert exc.value.field == "reason"
    services.attendance_sign_in(acting_user=world["member"], code=_code(m))
    with pytest.raises(DomainError) as exc:
        services.attendance_proxy(
            acting_user=world["staff"], meeting=m, member_id=member_id, reason="代签"
        )
    assert exc.value.code == "already_signed_in"


def test_agenda_first_topic_rules(world: factories.World) -> None:
    m = meeting(world, state="draft")
    with pytest.raises(DomainError) as exc:
        services.agenda_item_add(
            acting_user=world["staff"],
            meeting=m,
            title="学习习近平总书记重要讲话精神",
            is_first_topic=True,
        )
    assert exc.value.field == "study_material"
    services.agenda_item_add(
        acting_user=world["staff"],
        meeting=m,
        title="学习习近平总书记重要讲话精神",
        is_first_topic=True,
        study_material="习近平总书记在吉林考察时的重要讲话",
    )
    with pytest.raises(DomainError) as exc:
        services.agenda_item_add(
            acting_user=world["staff"],
            meeting=m,
            title="第二项",
            is_first_topic=True,
            study_material="x",
        )
    assert exc.value.code == "first_topic"


def test_speech_writes_duty_record(world: factories.World) -> None:
    m = meeting(world)
    services.speech_add(
        acting_user=world["member"],
        meeting=m,
        kind="written",
        title="关于推动人参产业高质量发展的建议",
        text="人参产业是延边的特色产业……",
    )
    services.speech_add(
        acting_user=world["staff"],
        meeting=m,
        kind="oral",
        title="口头发言",
        member_id=member_of(world["standing"]).pk,
    )
    assert _duty(world["member"], DutyKind.SPEECH) == 1
    assert _duty(world["standing"], DutyKind.SPEECH) == 1
    with pytest.raises(DomainError) as exc:
        services.speech_add(acting_user=world["member"], meeting=m, kind="written", title="空")
    assert exc.value.field == "text"


def test_reminders_are_sent_once(world: factories.World) -> None:
    from ningju.notify.models import Notification

    soon = meeting(world, state="published", starts_at=timezone.now() + timedelta(hours=5))
    meeting(world, state="published", starts_at=timezone.now() + timedelta(days=3))
    approved = leave(world, soon, "standing")
    services.leave_decide(acting_user=world["chair"], leave=approved, approve=True)
    assert services.reminders_send(hours=24) == 1
    assert services.reminders_send(hours=24) == 0
    reminded = set(
        Notification.objects.filter(event="meeting.reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"member", "chair", "director"}  # not the one on leave


def test_remind_command(world: factories.World) -> None:
    from django.core.management import call_command

    meeting(world, state="published", starts_at=timezone.now() + timedelta(hours=2))
    from io import StringIO

    out = StringIO()
    call_command("meetings", "remind", "--hours", "3", stdout=out)
    assert "reminded 1" in out.getvalue()
