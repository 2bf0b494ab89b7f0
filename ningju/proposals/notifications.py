"""Who hears about each proposal event, and in which words. Sent after commit by `notify`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify

from .choices import CosignStatus


def _detail(proposal: Any) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _assignment_url(assignment: Any) -> str:
    return reverse("proposals:assignment", args=[assignment.pk])


def _proposer_users(proposal: Any, *, include_invited: bool = False) -> list[User]:
    statuses = [CosignStatus.CONFIRMED, *([CosignStatus.INVITED] if include_invited else [])]
    member_ids = proposal.proposers.filter(status__in=statuses).values_list("member_id", flat=True)
    return list(User.objects.filter(member__in=list(member_ids), is_active=True))


def _office_users(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
            role_grants__office__kind__in=["proposal", "general"],
        ).distinct()
    )


def _unit_users(
    unit_ids: Iterable[int], *, signers: bool = True, officers: bool = True
) -> list[User]:
    roles = [
        r for r, wanted in ((Role.UNIT_OFFICER, officers), (Role.UNIT_SIGNER, signers)) if wanted
    ]
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__handling_unit_id__in=list(unit_ids),
            role_grants__role__in=roles,
        ).distinct()
    )


def _send(
    recipients: list[User],
    event: str,
    proposal: Any,
    title: Callable[[], str],
    body: Callable[[], str],
    url: str,
    *,
    important: bool = False,
) -> None:
    if not recipients:
        return
    notify(
        recipients=recipients,
        event=f"proposal.{event}",
        title=title,
        body=body,
        url=url,
        organisation=proposal.organisation_id,
        channels={"inapp", "email", "sms"} if important else {"inapp", "email"},
        important=important,
    )


def _named(message: str, proposal: Any, **extra: Any) -> Callable[[], str]:
    return lambda: gettext(message) % {"title": proposal.title, **extra}


def cosign_invited(proposal: Any, members: list[Any]) -> None:
    users = list(User.objects.filter(member__in=members, is_active=True))
    _send(
        users,
        "cosign_invited",
        proposal,
        lambda: gettext("联名邀请"),
        _named(gettext_noop("邀请您联名提出《%(title)s》，请在期限内确认或谢绝。"), proposal),
        _detail(proposal),
    )


def submitted(proposal: Any) -> None:
    _send(
        _office_users(proposal.organisation_id),
        "submitted",
        proposal,
        lambda: gettext("新提案待审查"),
        _named(gettext_noop("委员提交了提案《%(title)s》，请审查。"), proposal),
        _detail(proposal),
    )


def returned(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "returned",
        proposal,
        lambda: gettext("提案退回修改"),
        _named(gettext_noop("您的提案《%(title)s》被退回修改，请查看审查意见。"), proposal),
        _detail(proposal),
    )


def registered(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "registered",
        proposal,
        lambda: gettext("提案已立案"),
        _named(
            gettext_noop("您的提案《%(title)s》已立案，提案号第%(number)s号。"),
            proposal,
            number=proposal.number,
        ),
        _detail(proposal),
    )


def merged(proposal: Any, lead: Any) -> None:
    _send(
        _proposer_users(proposal),
        "merged",
        proposal,
        lambda: gettext("提案已并案办理"),
        _named(
            gettext_noop("您的提案《%(title)s》与内容相近的提案并案办理，承办单位会单独答复您。"),
            proposal,
        ),
        _detail(proposal),
    )


def refused(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "refused",
        proposal,
        lambda: gettext("提案未予立案"),
        _named(gettext_noop("您的提案《%(title)s》未予立案，理由和转办情况请查看详情。"), proposal),
        _detail(proposal),
    )


def assigned(proposal: Any, assignments: list[Any]) -> None:
    for assignment in assignments:
        _send(
            _unit_users([assignment.unit_id]),
            "assigned",
            proposal,
            lambda: gettext("新交办提案"),
            _named(
                gettext_noop("提案《%(title)s》已交贵单位%(role)s，办理期限至 %(due)s。"),
                proposal,
                role=assignment.get_role_display(),
                due=assignment.due_on.isoformat(),
            ),
            _assignment_url(assignment),
        )


def objection_raised(assignment: Any) -> None:
    proposal = assignment.proposal
    _send(
        _office_users(proposal.organisation_id),
        "objection",
        proposal,
        lambda: gettext("承办单位申请调整"),
        _named(
            gettext_noop("%(unit)s 对提案《%(title)s》申请调整承办单位，请决定。"),
            proposal,
            unit=assignment.unit.name,
        ),
        _detail(proposal),
    )


def extension_requested(assignment: Any) -> None:
    proposal = assignment.proposal
    _send(
        _office_users(proposal.organisation_id),
        "extension_requested",
        proposal,
        lambda: gettext("延期申请"),
        _named(
            gettext_noop("%(unit)s 申请延期办理提案《%(title)s》，请审批。"),
            proposal,
            unit=assignment.unit.name,
        ),
        _detail(proposal),
    )


def extension_decided(assignment: Any) -> None:
    proposal = assignment.proposal
    _send(
        _unit_users([assignment.unit_id]),
        "extension_decided",
        proposal,
        lambda: gettext("延期申请已处理"),
        _named(
            gettext_noop("提案《%(title)s》的延期申请已处理，现办理期限至 %(due)s。"),
            proposal,
            due=assignment.due_on.isoformat(),
        ),
        _assignment_url(assignment),
    )


def cosign_reply_requested(reply: Any, co_assignments: list[Any]) -> None:
    proposal = reply.assignment.proposal
    for co in co_assignments:
        _send(
            _unit_users([co.unit_id]),
            "reply_cosign",
            proposal,
            lambda: gettext("答复待会签"),
            _named(gettext_noop("主办单位起草了提案《%(title)s》的答复，请会签。"), proposal),
            _assignment_url(co),
        )


def reply_awaits_signer(reply: Any) -> None:
    proposal = reply.assignment.proposal
    _send(
        _unit_users([reply.assignment.unit_id], officers=False),
        "reply_sign",
        proposal,
        lambda: gettext("答复待签发"),
        _named(gettext_noop("提案《%(title)s》的答复已拟好，请审签。"), proposal),
        _assignment_url(reply.assignment),
    )


def reply_submitted(reply: Any) -> None:
    proposal = reply.assignment.proposal
    _send(
        _office_users(proposal.organisation_id),
        "reply_submitted",
        proposal,
        lambda: gettext("答复待审核"),
        _named(
            gettext_noop("%(unit)s 已签发提案《%(title)s》的答复，请审核。"),
            proposal,
            unit=reply.assignment.unit.name,
        ),
        _detail(proposal),
    )


def reply_returned(reply: Any, *, by_unit: bool) -> None:
    proposal = reply.assignment.proposal
    _send(
        _unit_users([reply.assignment.unit_id], signers=False),
        "reply_returned",
        proposal,
        lambda: gettext("答复被退回"),
        _named(gettext_noop("提案《%(title)s》的答复被退回修改，请查看意见。"), proposal),
        _assignment_url(reply.assignment),
    )


def replied(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "replied",
        proposal,
        lambda: gettext("提案已答复，请评价"),
        _named(
            gettext_noop("您的提案《%(title)s》已收到答复，请对办理态度和结果作出评价。"), proposal
        ),
        _detail(proposal),
    )


def rehandling(proposal: Any, assignments: list[Any]) -> None:
    for assignment in assignments:
        _send(
            _unit_users([assignment.unit_id]),
            "rehandling",
            proposal,
            lambda: gettext("提案须重新办理"),
            _named(
                gettext_noop("委员对提案《%(title)s》的办理不满意，请在 %(due)s 前重新办理。"),
                proposal,
                due=assignment.due_on.isoformat(),
            ),
            _assignment_url(assignment),
            important=True,
        )


def key_marked(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "key",
        proposal,
        lambda: gettext("列为重点提案"),
        _named(gettext_noop("您的提案《%(title)s》被列为重点提案。"), proposal),
        _detail(proposal),
    )


def excellent_marked(proposal: Any) -> None:
    _send(
        _proposer_users(proposal),
        "excellent",
        proposal,
        lambda: gettext("评为优秀提案"),
        _named(gettext_noop("您的提案《%(title)s》被评为优秀提案。"), proposal),
        _detail(proposal),
    )


def reminder(assignment: Any, *, overdue: bool) -> None:
    proposal = assignment.proposal
    message = (
        gettext_noop("提案《%(title)s》已超过办理期限（%(due)s），请尽快答复。")
        if overdue
        else gettext_noop("提案《%(title)s》将于 %(due)s 到期，请抓紧办理。")
    )
    _send(
        _unit_users([assignment.unit_id]),
        "reminder",
        proposal,
        lambda: gettext("提案催办"),
        _named(message, proposal, due=assignment.due_on.isoformat()),
        _assignment_url(assignment),
        important=overdue,
    )
