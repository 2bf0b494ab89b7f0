"""Who hears about each 微建议 event. In-app rows are written in the transaction; outside
channels go out after commit (see `ningju.notify.services.notify`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify

from .models import Suggestion


def _detail(suggestion: Suggestion) -> str:
    return reverse("suggestions:detail", args=[suggestion.pk])


def _office_users(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
        ).distinct()
    )


def _assignee_users(suggestion: Suggestion) -> list[User]:
    if suggestion.assigned_unit_id:
        return list(
            User.objects.filter(
                is_active=True,
                role_grants__organisation_id=suggestion.organisation_id,
                role_grants__handling_unit_id=suggestion.assigned_unit_id,
                role_grants__role__in=[Role.UNIT_OFFICER, Role.UNIT_SIGNER],
            ).distinct()
        )
    return _office_users(suggestion.organisation_id)


def _author(suggestion: Suggestion) -> list[User]:
    return [suggestion.author] if suggestion.author_id and suggestion.author else []


def submitted(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_office_users(suggestion.organisation_id),
        event="suggestion.submitted",
        title=lambda: gettext("新的微建议：%(title)s") % {"title": suggestion.title},
        body=lambda: gettext("请在微建议工作台分办。"),
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )


def assigned(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_assignee_users(suggestion),
        event="suggestion.assigned",
        title=lambda: gettext("交由您答复的微建议：%(title)s") % {"title": suggestion.title},
        body=lambda: gettext("请尽快答复，答复经审定后告知提出人。"),
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )
    notify(
        recipients=_author(suggestion),
        event="suggestion.assigned_author",
        title=lambda: gettext("您的微建议已分办：%(title)s") % {"title": suggestion.title},
        body=lambda: gettext("已交 %(assignee)s 办理。") % {"assignee": suggestion.assignee_name},
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )


def replied(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_office_users(suggestion.organisation_id),
        event="suggestion.replied",
        title=lambda: gettext("微建议已答复，待审定：%(title)s") % {"title": suggestion.title},
        body=lambda: gettext("请审定答复，决定是否公开。"),
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )


def returned(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_assignee_users(suggestion),
        event="suggestion.returned",
        title=lambda: gettext("微建议答复被退回：%(title)s") % {"title": suggestion.title},
        body=lambda: gettext("退回原因：%(reason)s") % {"reason": suggestion.return_reason},
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )


def closed(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_author(suggestion),
        event="suggestion.closed",
        title=lambda: gettext("您的微建议已答复：%(title)s") % {"title": suggestion.title},
        body=lambda: suggestion.reply,
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )


def rejected(suggestion: Suggestion, *, actor: Any) -> None:
    notify(
        recipients=_author(suggestion),
        event="suggestion.rejected",
        title=lambda: gettext("您的微建议未予受理：%(title)s") % {"title": suggestion.title},
        body=lambda: suggestion.rejection_reason,
        url=_detail(suggestion),
        organisation=suggestion.organisation_id,
        exclude=actor,
    )
