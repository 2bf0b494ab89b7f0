"""Who hears about each 社情民意 event, and in which words. Sent by `notify` (in-app rows in
the caller's transaction, external channels after commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify


def _detail(opinion: Any) -> str:
    return reverse("opinions:detail", args=[opinion.pk])


def contributor_users(opinion: Any) -> list[User]:
    member_ids = list(opinion.contributors.values_list("member_id", flat=True))
    return list(
        User.objects.filter(
            Q(member__in=member_ids) | Q(pk=opinion.created_by_id), is_active=True
        ).distinct()
    )


def office_users(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
        ).distinct()
    )


def _send(
    recipients: list[User],
    event: str,
    opinion: Any,
    title: Callable[[], str],
    body: Callable[[], str],
    *,
    url: str = "",
    exclude: User | None = None,
) -> None:
    if not recipients:
        return
    notify(
        recipients=recipients,
        event=f"opinion.{event}",
        title=title,
        body=body,
        url=url or _detail(opinion),
        organisation=opinion.organisation_id,
        exclude=exclude,
    )


def _t(opinion: Any) -> dict[str, str]:
    return {"title": opinion.title}


def submitted(opinion: Any, actor: User) -> None:
    _send(
        office_users(opinion.organisation_id),
        "submitted",
        opinion,
        lambda: gettext("新的社情民意信息待筛选"),
        lambda: gettext("收到社情民意信息《%(title)s》，请筛选。") % _t(opinion),
        exclude=actor,
    )


def returned(opinion: Any, reason: str) -> None:
    _send(
        contributor_users(opinion),
        "returned",
        opinion,
        lambda: gettext("社情民意信息被退回修改"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》被退回：%(reason)s")
            % {**_t(opinion), "reason": reason}
        ),
        url=reverse("opinions:edit", args=[opinion.pk]),
    )


def merged(opinion: Any, into: Any) -> None:
    _send(
        contributor_users(opinion),
        "merged",
        opinion,
        lambda: gettext("社情民意信息已合并编辑"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》已与同类信息合并编辑为《%(into)s》。")
            % {**_t(opinion), "into": into.display_title}
        ),
        url=_detail(into),
    )


def declined(opinion: Any, reason: str) -> None:
    _send(
        contributor_users(opinion),
        "declined",
        opinion,
        lambda: gettext("社情民意信息未采编"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》本次未采编：%(reason)s")
            % {**_t(opinion), "reason": reason}
        ),
    )


def published(opinion: Any, issue: Any) -> None:
    _send(
        contributor_users(opinion),
        "published",
        opinion,
        lambda: gettext("社情民意信息已编发"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》已编入《社情民意》%(issue)s。")
            % {**_t(opinion), "issue": str(issue)}
        ),
    )


def reported(opinion: Any, targets: list[str]) -> None:
    _send(
        contributor_users(opinion),
        "reported",
        opinion,
        lambda: gettext("社情民意信息已报送"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》已报送：%(targets)s。")
            % {**_t(opinion), "targets": "、".join(targets)}
        ),
    )


def adopted(opinion: Any, adoption: Any) -> None:
    _send(
        contributor_users(opinion),
        "adopted",
        opinion,
        lambda: gettext("社情民意信息被采用"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》被%(body)s采用（%(level)s，%(mode)s）。")
            % {
                **_t(opinion),
                "body": adoption.body,
                "level": adoption.get_level_display(),
                "mode": adoption.get_mode_display(),
            }
        ),
    )


def instructed(opinion: Any, instruction: Any) -> None:
    _send(
        contributor_users(opinion),
        "instructed",
        opinion,
        lambda: gettext("社情民意信息获领导批示"),
        lambda: (
            gettext("您的社情民意信息《%(title)s》获%(level)s，请到本条信息页查看。")
            % {**_t(opinion), "level": instruction.get_leader_level_display()}
        ),
    )


def year_notice(user: User, organisation_id: int, year: int, figures: dict[str, int]) -> None:
    notify(
        recipients=[user],
        event="opinion.year_notice",
        title=lambda: gettext("%(year)s年度社情民意信息情况通报") % {"year": year},
        body=lambda: (
            gettext(
                "%(year)s年，您报送社情民意信息%(submitted)s条，编入《社情民意》%(compiled)s条，"
                "被上级采用%(adopted)s条，获领导批示%(instructed)s条。感谢您的履职。"
            )
            % {"year": year, **figures}
        ),
        url=reverse("opinions:mine") + f"?year={year}",
        organisation=organisation_id,
    )
