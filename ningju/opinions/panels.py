"""The 社情民意 panel: what the office has to screen, edit, compile and publish; what a
member has to revise, finish, or read (new feedback)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.workspace.selectors import Panel, Task

from .choices import IssueStatus, Status
from .models import Contributor, JournalIssue, Opinion


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    if not principal.organisation_id:
        return []
    org = principal.organisation_id
    panel = Panel(key="opinions", title=_("社情民意信息"))
    if principal.has(Role.OFFICE_STAFF):
        queue = reverse("opinions:queue")
        counts = Opinion.objects.filter(organisation_id=org).aggregate(
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
            screening=Count("id", filter=Q(status=Status.SCREENING)),
            edited=Count("id", filter=Q(status=Status.EDITED)),
        )
        editing = JournalIssue.objects.filter(
            organisation_id=org, status=IssueStatus.EDITING
        ).count()
        panel.tasks += [
            Task(_("新提交，待筛选"), f"{queue}?status=submitted", counts["submitted"], True),
            Task(_("筛选中，待编辑"), f"{queue}?status=screening", counts["screening"]),
            Task(_("已编辑，待编入期刊"), f"{queue}?status=edited", counts["edited"]),
            Task(_("编辑中、待印发的期刊"), reverse("opinions:issues"), editing),
        ]
    elif principal.member_id:
        mine = reverse("opinions:mine")
        counts = Opinion.objects.filter(organisation_id=org).aggregate(
            returned=Count("id", filter=Q(status=Status.RETURNED, created_by_id=user.pk)),
            drafts=Count("id", filter=Q(status=Status.DRAFT, created_by_id=user.pk)),
            adopted=Count(
                "id",
                filter=Q(status=Status.ADOPTED)
                & Q(
                    Exists(
                        Contributor.objects.filter(
                            opinion=OuterRef("pk"), member_id=principal.member_id
                        )
                    )
                ),
            ),
        )
        panel.tasks += [
            Task(_("退回修改的社情民意"), mine, counts["returned"], True),
            Task(_("未提交的社情民意草稿"), mine, counts["drafts"]),
            Task(_("被采用的社情民意"), mine, counts["adopted"]),
        ]
        panel.tasks.append(Task(_("写社情民意信息"), reverse("opinions:create")))
    else:
        return []
    # Rows with nothing to do are left out (links without a count stay).
    panel.tasks = [t for t in panel.tasks if t.count is None or t.count > 0]
    panel.empty_text = _("没有需要处理的社情民意信息。")
    return [panel]
