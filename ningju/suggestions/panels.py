"""The 微建议 panel on the workspace: the member's own, the office queue, the unit's work."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.workspace.selectors import Panel, Task

from .choices import Status
from .models import Suggestion
from .predicates import is_member, is_office_staff, is_unit_staff


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    if not principal.organisation_id:
        return []
    panel = Panel(key="suggestions", title=_("微建议"))
    queue = reverse("suggestions:queue")
    if is_office_staff(user):
        counts = Suggestion.objects.filter(organisation_id=principal.org).aggregate(
            held=Count("id", filter=Q(status=Status.HELD)),
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
            replied=Count("id", filter=Q(status=Status.REPLIED)),
        )
        panel.tasks += [
            Task(
                _("待核对内容的微建议"),
                f"{queue}?status=held",
                counts["held"],
                urgent=bool(counts["held"]),
            ),
            Task(
                _("待分办的微建议"),
                f"{queue}?status=submitted",
                counts["submitted"],
                urgent=bool(counts["submitted"]),
            ),
            Task(
                _("答复待审定"),
                f"{queue}?status=replied",
                counts["replied"],
                urgent=bool(counts["replied"]),
            ),
        ]
    elif is_unit_staff(user):
        waiting = Suggestion.objects.filter(
            organisation_id=principal.org,
            assigned_unit_id=principal.handling_unit_id,
            status=Status.ASSIGNED,
        ).count()
        panel.tasks.append(
            Task(_("待答复的微建议"), f"{queue}?status=assigned", waiting, urgent=bool(waiting))
        )
    if is_member(user):
        mine = Suggestion.objects.filter(organisation_id=principal.org, author_id=user.pk).count()
        panel.tasks += [
            Task(_("提微建议"), reverse("suggestions:member_new")),
            Task(_("我的微建议"), reverse("suggestions:mine"), mine),
        ]
    if not panel.tasks:
        return []
    return [panel]
