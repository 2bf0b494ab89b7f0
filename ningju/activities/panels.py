"""Workspace panel: activities to confirm (office staff); this year's activities, study and
reading (members). A handful of COUNT queries, no rows loaded."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.workspace.selectors import Panel, Task

from .choices import ActivityStatus
from .models import Activity, CheckIn, Participation, StudyAttendance
from .selectors import this_year


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    result: list[Panel] = []
    if principal.has(Role.OFFICE_STAFF):
        waiting = Activity.objects.filter(
            organisation_id=principal.organisation_id, status=ActivityStatus.SUBMITTED
        ).count()
        panel = Panel(key="activities-office", title=_("委员活动"))
        if waiting:
            panel.tasks.append(
                Task(_("委员填报待确认的活动"), reverse("activities:review"), waiting, True)
            )
        panel.tasks.append(Task(_("登记活动"), reverse("activities:record")))
        panel.tasks.append(Task(_("机关学习：周学、月讲、季培训"), reverse("study:calendar")))
        result.append(panel)
    if principal.member_id and principal.has(Role.MEMBER):
        year = this_year()
        member_id = principal.member_id
        mine = Activity.objects.filter(
            organisation_id=principal.organisation_id, reported_by_id=member_id
        ).aggregate(
            returned=Count("id", filter=Q(status=ActivityStatus.RETURNED)),
            drafts=Count("id", filter=Q(status=ActivityStatus.DRAFT)),
        )
        joined = Participation.objects.filter(
            member_id=member_id,
            activity__status=ActivityStatus.CONFIRMED,
            activity__occurred_on__year=year,
        ).count()
        studied = StudyAttendance.objects.filter(
            member_id=member_id, session__held_on__year=year
        ).count()
        reading = CheckIn.objects.filter(member_id=member_id, read_on__year=year).aggregate(
            n=Count("id")
        )
        panel = Panel(key="activities-member", title=_("活动与学习"))
        mine_url = reverse("activities:mine")
        if mine["returned"]:
            panel.tasks.append(Task(_("被退回、待修改的活动"), mine_url, mine["returned"], True))
        if mine["drafts"]:
            panel.tasks.append(Task(_("未提交的活动草稿"), mine_url, mine["drafts"]))
        panel.tasks.append(Task(_("%(year)s年参加的活动") % {"year": year}, mine_url, joined))
        panel.tasks.append(
            Task(_("%(year)s年参加的学习") % {"year": year}, reverse("study:index"), studied)
        )
        panel.tasks.append(
            Task(_("%(year)s年读书打卡") % {"year": year}, reverse("study:reading"), reading["n"])
        )
        result.append(panel)
    return result
