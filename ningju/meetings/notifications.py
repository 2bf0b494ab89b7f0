"""Who hears about each meeting event, and in which words. `notify` writes the in-app rows
inside the caller's transaction and sends email only after it commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.members.choices import LeadershipPosition, MembershipStatus
from ningju.notify.services import notify

from .choices import CHAIR_APPROVED_KINDS


def _detail(meeting: Any) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _when(meeting: Any) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _named(message: str, meeting: Any, **extra: Any) -> Callable[[], str]:
    return lambda: (
        gettext(message)
        % {
            "title": meeting.title,
            "when": _when(meeting),
            "place": meeting.location,
            **extra,
        }
    )


def member_users(member_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(member__in=list(member_ids), is_active=True))


def invitee_users(meeting: Any) -> list[User]:
    return member_users(meeting.invitations.values_list("member_id", flat=True))


def office_users(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
        ).distinct()
    )


def chair_users(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            member__organisation_id=organisation_id,
            member__memberships__term__is_current=True,
            member__memberships__status=MembershipStatus.ACTIVE,
            member__memberships__leadership_position=LeadershipPosition.CHAIR,
        ).distinct()
    )


def leave_approvers(meeting: Any) -> list[User]:
    if meeting.kind in CHAIR_APPROVED_KINDS:
        return chair_users(meeting.organisation_id)
    return office_users(meeting.organisation_id)


def _send(
    recipients: list[User],
    event: str,
    meeting: Any,
    title: Callable[[], str],
    body: Callable[[], str],
    url: str,
    *,
    exclude: User | None = None,
) -> None:
    if not recipients:
        return
    notify(
        recipients=recipients,
        event=f"meeting.{event}",
        title=title,
        body=body,
        url=url,
        organisation=meeting.organisation_id,
        exclude=exclude,
    )


def published(meeting: Any, recipients: list[User]) -> None:
    """会议通知 to the invitees."""
    _send(
        recipients,
        "published",
        meeting,
        lambda: gettext("会议通知"),
        _named(
            gettext_noop("请于%(when)s出席《%(title)s》，地点：%(place)s。不能出席请提前请假。"),
            meeting,
        ),
        _detail(meeting),
    )


def cancelled(meeting: Any) -> None:
    _send(
        invitee_users(meeting),
        "cancelled",
        meeting,
        lambda: gettext("会议取消"),
        _named(gettext_noop("原定于%(when)s召开的《%(title)s》已取消。"), meeting),
        _detail(meeting),
    )


def reminder(meeting: Any, recipients: list[User]) -> None:
    _send(
        recipients,
        "reminder",
        meeting,
        lambda: gettext("会议提醒"),
        _named(gettext_noop("《%(title)s》将于%(when)s在%(place)s召开。"), meeting),
        _detail(meeting),
    )


def leave_requested(leave: Any) -> None:
    meeting = leave.meeting
    _send(
        leave_approvers(meeting),
        "leave_requested",
        meeting,
        lambda: gettext("请假待审批"),
        _named(
            gettext_noop("%(name)s申请不出席《%(title)s》（%(when)s），请审批。"),
            meeting,
            name=leave.member.name,
        ),
        reverse("meetings:leave_decide", args=[leave.pk]),
    )


def leave_decided(leave: Any, *, approved: bool) -> None:
    meeting = leave.meeting
    message = (
        gettext_noop("您不出席《%(title)s》的请假已获批准。")
        if approved
        else gettext_noop("您不出席《%(title)s》的请假未获批准，请按时出席。")
    )
    _send(
        member_users([leave.member_id]),
        "leave_decided",
        meeting,
        (lambda: gettext("请假已批准")) if approved else (lambda: gettext("请假未获批准")),
        _named(message, meeting),
        _detail(meeting),
    )
