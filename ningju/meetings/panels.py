"""Workspace panel: the person's next meetings, leave to decide, and their calendar link."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.workspace.selectors import Panel, Task

from . import selectors
from .choices import LeaveStatus, MeetingStatus


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    tasks: list[Task] = []
    if principal.member_id:
        upcoming = selectors.calendar_meetings(user=user).filter(
            ends_at__gte=timezone.now(),
            status__in=[MeetingStatus.PUBLISHED, MeetingStatus.SIGNIN_OPEN],
        )
        counts = upcoming.aggregate(
            total=Count("id"),
            signin=Count("id", filter=Q(status=MeetingStatus.SIGNIN_OPEN)),
        )
        if counts["signin"]:
            tasks.append(
                Task(_("正在签到的会议"), reverse("meetings:list"), counts["signin"], True)
            )
        if counts["total"]:
            tasks.append(Task(_("即将召开的会议"), reverse("meetings:list"), counts["total"]))
        tasks.append(Task(_("我的会议日程（可订阅到手机日历）"), reverse("meetings:calendar")))
    if user.has_perm("meetings.approve_any_leave"):
        waiting = selectors.leave_queue(user=user).filter(status=LeaveStatus.REQUESTED).count()
        if waiting:
            tasks.append(Task(_("待审批的请假"), reverse("meetings:leave_queue"), waiting, True))
    if not tasks:
        return []
    return [Panel(key="meetings", title=_("会议"), tasks=tasks)]
