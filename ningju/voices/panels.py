"""Public-request tasks on the workspace: the office's queue, each receiver's routed items."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.workspace.selectors import Panel, Task

from .choices import Status
from .selectors import requests_visible_to


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    if not (principal.has(Role.OFFICE_STAFF, Role.UNIT_OFFICER) or principal.member_id):
        return []
    url = reverse("voices:list")
    tasks: list[Task] = []
    if principal.has(Role.OFFICE_STAFF):
        counts = requests_visible_to(user).aggregate(
            held=Count("id", filter=Q(status=Status.HELD)),
            received=Count("id", filter=Q(status=Status.RECEIVED)),
            answered=Count("id", filter=Q(status=Status.ANSWERED, publish_consent=True)),
        )
        rows = [
            (_("被过滤器拦下、待审核的诉求"), "held", counts["held"], True),
            (_("待转办的诉求"), "received", counts["received"], True),
            (_("已答复、待决定是否公开"), "answered", counts["answered"], False),
        ]
        tasks = [Task(label, f"{url}?status={s}", n, urgent) for label, s, n, urgent in rows if n]
    else:
        n = requests_visible_to(user).filter(status=Status.ROUTED).count()
        if n:
            tasks = [Task(_("转给我办理的群众诉求"), f"{url}?status=routed", n, True)]
    if not tasks:
        return []
    return [Panel(key="voices", title=_("有事来商量"), tasks=tasks)]
