"""Station tasks on a member's workspace: coming duty days and requests waiting at a station."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.workspace.selectors import Panel, Task

from .models import DutyShift, StationMember

WEEKS_AHEAD = 2


def panels(user: Any) -> list[Panel]:
    from ningju.voices.selectors import station_queue

    member_id = user.principal.member_id
    if not member_id:
        return []
    today = timezone.localdate()
    tasks: list[Task] = []
    shifts = (
        DutyShift.objects.filter(
            member_id=member_id,
            on_date__gte=today,
            on_date__lte=today + timedelta(weeks=WEEKS_AHEAD),
        )
        .select_related("station")
        .order_by("on_date")[:5]
    )
    for shift in shifts:
        tasks.append(
            Task(
                _("%(date)s 在%(station)s值班")
                % {"date": shift.on_date.strftime("%m-%d"), "station": shift.station.name},
                reverse("stations:roster", args=[shift.station_id]),
            )
        )
    for row in StationMember.objects.filter(member_id=member_id).select_related("station"):
        n = station_queue(station_id=row.station_id).count()
        if n:
            tasks.append(
                Task(
                    _("%(station)s 待答复的群众诉求") % {"station": row.station.name},
                    reverse("stations:detail", args=[row.station_id]),
                    n,
                    True,
                )
            )
    if not tasks:
        return []
    return [Panel(key="stations", title=_("委员联络站"), tasks=tasks)]
