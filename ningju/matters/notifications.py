"""Who hears about each 办实事 event (in-app in the transaction; outside channels after
commit, see `ningju.notify.services.notify`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify

from .models import Matter


def _detail(matter: Matter) -> str:
    return reverse("matters:detail", args=[matter.pk])


def _owners(matter: Matter) -> list[User]:
    people: list[User] = []
    if matter.owner_member_id:
        people += list(User.objects.filter(member__pk=matter.owner_member_id, is_active=True))
    if matter.owner_unit_id:
        people += list(
            User.objects.filter(
                is_active=True,
                role_grants__handling_unit_id=matter.owner_unit_id,
                role_grants__role__in=[Role.UNIT_OFFICER, Role.UNIT_SIGNER],
            ).distinct()
        )
    return people


def _office(matter: Matter) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=matter.organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
        ).distinct()
    )


def _send(
    matter: Matter, people: list[User], event: str, title: Any, body: Any, actor: Any
) -> None:
    notify(
        recipients=people,
        event=event,
        title=title,
        body=body,
        url=_detail(matter),
        organisation=matter.organisation_id,
        exclude=actor,
    )


def created(matter: Matter, *, actor: Any) -> None:
    _send(
        matter,
        _owners(matter),
        "matter.created",
        lambda: gettext("请牵头办理的实事：%(title)s") % {"title": matter.title},
        lambda: (
            gettext("承诺 %(date)s 前办结，请及时填报进展。")
            % {"date": matter.deadline.isoformat()}
        ),
        actor,
    )


def reported(matter: Matter, *, actor: Any) -> None:
    _send(
        matter,
        _office(matter),
        "matter.reported",
        lambda: gettext("实事报办结，待确认：%(title)s") % {"title": matter.title},
        lambda: gettext("请核对办结佐证后确认。"),
        actor,
    )


def confirmed(matter: Matter, *, actor: Any) -> None:
    _send(
        matter,
        _owners(matter),
        "matter.confirmed",
        lambda: gettext("实事已确认办结：%(title)s") % {"title": matter.title},
        lambda: gettext("感谢您为群众办实事。"),
        actor,
    )


def returned(matter: Matter, *, actor: Any, reason: str) -> None:
    _send(
        matter,
        _owners(matter),
        "matter.returned",
        lambda: gettext("实事办结未获确认：%(title)s") % {"title": matter.title},
        lambda: gettext("原因：%(reason)s") % {"reason": reason},
        actor,
    )


def cancelled(matter: Matter, *, actor: Any, reason: str) -> None:
    _send(
        matter,
        _owners(matter),
        "matter.cancelled",
        lambda: gettext("实事已撤销：%(title)s") % {"title": matter.title},
        lambda: gettext("原因：%(reason)s") % {"reason": reason},
        actor,
    )
