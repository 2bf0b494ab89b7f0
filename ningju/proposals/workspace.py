"""The proposal tasks each person sees first on their workspace: counts, with links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role

from .choices import (
    AssignmentStatus,
    CosignStatus,
    ExtensionStatus,
    ReplyStatus,
    Status,
)
from .models import Assignment, Feedback, Proposal, Proposer, Reply, ReplyCosign
from .predicates import is_proposal_leader, is_proposal_office


def proposal_tasks(user: Any) -> list[tuple[Any, str, int, bool]]:
    """(label, url, count, urgent) rows; rows with nothing to do are left out."""
    principal = user.principal
    rows: list[tuple[Any, str, int, bool]] = []
    org = principal.organisation_id
    if principal.member_id:
        mine = reverse("proposals:mine")
        member_rows = Proposer.objects.filter(
            member_id=principal.member_id, proposal__organisation_id=org
        )
        counts = member_rows.aggregate(
            drafts=Count("id", filter=Q(proposal__status=Status.DRAFT, role="first")),
            returned=Count("id", filter=Q(proposal__status=Status.RETURNED, role="first")),
            invited=Count(
                "id", filter=Q(proposal__status=Status.COSIGNING, status=CosignStatus.INVITED)
            ),
            to_rate=Count(
                "id",
                filter=Q(proposal__status=Status.REPLIED, status=CosignStatus.CONFIRMED)
                & ~Q(
                    Exists(
                        Feedback.objects.filter(
                            proposal=OuterRef("proposal"),
                            member_id=principal.member_id,
                            round=OuterRef("proposal__handling_round"),
                        )
                    )
                ),
            ),
        )
        rows += [
            (_("待确认的联名邀请"), mine, counts["invited"], True),
            (_("退回修改的提案"), mine, counts["returned"], True),
            (_("待评价的提案答复"), mine, counts["to_rate"], True),
            (_("未提交的提案草稿"), mine, counts["drafts"], False),
        ]
        rows.append((_("写提案"), reverse("proposals:create"), -1, False))
    if is_proposal_office(user):
        proposals = Proposal.objects.filter(organisation_id=org)
        counts = proposals.aggregate(
            first_review=Count("id", filter=Q(status=Status.SUBMITTED)),
            to_assign=Count("id", filter=Q(status=Status.REGISTERED)),
        )
        assignments = Assignment.objects.filter(proposal__organisation_id=org)
        a_counts = assignments.aggregate(
            objections=Count("id", filter=Q(status=AssignmentStatus.OBJECTED)),
            extensions=Count("id", filter=Q(extension_status=ExtensionStatus.REQUESTED)),
            overdue=Count(
                "id",
                filter=Q(status=AssignmentStatus.HANDLING, due_on__lt=timezone.localdate())
                & Q(proposal__status__in=[Status.HANDLING, Status.REHANDLING]),
            ),
        )
        replies = Reply.objects.filter(
            assignment__proposal__organisation_id=org, status=ReplyStatus.SUBMITTED
        ).count()
        queue, handling = reverse("proposals:review_queue"), reverse("proposals:handling")
        rows += [
            (_("待初审的提案"), queue, counts["first_review"], True),
            (_("待交办的提案"), queue, counts["to_assign"], True),
            (_("承办单位申请调整"), handling, a_counts["objections"], True),
            (_("延期申请"), handling, a_counts["extensions"], True),
            (_("待审核的答复"), handling, replies, True),
            (_("超期未答复"), handling, a_counts["overdue"], True),
        ]
    if is_proposal_leader(user):
        waiting = Proposal.objects.filter(organisation_id=org, status=Status.IN_REVIEW).count()
        rows.append((_("待复审、终审的提案"), reverse("proposals:review_queue"), waiting, True))
    if principal.handling_unit_id:
        unit = principal.handling_unit_id
        queue = reverse("proposals:unit_queue")
        open_assignments = Assignment.objects.filter(
            unit_id=unit,
            status=AssignmentStatus.HANDLING,
            proposal__status__in=[Status.HANDLING, Status.REHANDLING],
        )
        counts = open_assignments.aggregate(
            open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=timezone.localdate()))
        )
        rows += [
            (_("办理中的提案"), queue, counts["open"], False),
            (_("已超过办理期限"), queue, counts["overdue"], True),
            (
                _("待会签的答复"),
                queue,
                ReplyCosign.objects.filter(
                    assignment__unit_id=unit,
                    agreed__isnull=True,
                    reply__status=ReplyStatus.COSIGNING,
                ).count(),
                True,
            ),
        ]
        if principal.has(Role.UNIT_SIGNER):
            rows.append(
                (
                    _("待签发的答复"),
                    queue,
                    Reply.objects.filter(
                        assignment__unit_id=unit, status=ReplyStatus.AWAITING_SIGNER
                    ).count(),
                    True,
                )
            )
    return [row for row in rows if row[2] != 0]
