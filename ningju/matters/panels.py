"""The 办实事 panel: what the office must confirm or chase, what an owner has to do."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.workspace.selectors import Panel, Task

from . import deadlines
from .choices import Status
from .predicates import is_office_staff
from .selectors import matters_visible_to


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    if not principal.organisation_id:
        return []
    is_owner_kind = bool(principal.member_id) or bool(principal.handling_unit_id)
    if not (is_office_staff(user) or is_owner_kind):
        return []
    counts = matters_visible_to(user=user).aggregate(
        open=Count("id", filter=Q(status__in=list(deadlines.OPEN_STATUSES))),
        overdue=Count("id", filter=deadlines.overdue_q()),
        reported=Count("id", filter=Q(status=Status.REPORTED)),
    )
    listing = reverse("matters:list")
    panel = Panel(key="matters", title=_("为群众办实事"))
    if is_office_staff(user):
        panel.tasks += [
            Task(
                _("报办结待确认"),
                f"{listing}?status=reported",
                counts["reported"],
                urgent=bool(counts["reported"]),
            ),
            Task(
                _("已逾期的实事"),
                f"{listing}?overdue=1",
                counts["overdue"],
                urgent=bool(counts["overdue"]),
            ),
            Task(_("办理中的实事"), listing, counts["open"]),
        ]
    elif counts["open"] or counts["reported"]:
        panel.tasks.append(Task(_("我牵头的实事"), listing, counts["open"] + counts["reported"]))
        if counts["overdue"]:
            panel.tasks.append(
                Task(_("已逾期，请尽快办理"), f"{listing}?overdue=1", counts["overdue"], True)
            )
    if not panel.tasks:
        return []
    return [panel]
