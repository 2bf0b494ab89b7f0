"""Who hears about each article event. Sent after commit by `notify`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify


def _manage_url(article: Any) -> str:
    return reverse("portal:manage_detail", args=[article.pk])


def _reviewers(article: Any) -> list[User]:
    from .predicates import office_staff_may_review

    roles = [Role.PORTAL_EDITOR]
    if office_staff_may_review(article.organisation_id):
        roles.append(Role.OFFICE_STAFF)
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=article.organisation_id,
            role_grants__role__in=roles,
        )
        .exclude(pk=article.created_by_id)
        .distinct()
    )


def _send(recipients: list[User], event: str, article: Any, title: str, body: str) -> None:
    if not recipients:
        return
    title_text: Callable[[], str] = lambda: gettext(title)  # noqa: E731
    body_text: Callable[[], str] = lambda: gettext(body) % {"title": article.title}  # noqa: E731
    notify(
        recipients=recipients,
        event=f"portal.{event}",
        title=title_text,
        body=body_text,
        url=_manage_url(article),
        organisation=article.organisation_id,
    )


def submitted(article: Any, *, level: int) -> None:
    _send(
        _reviewers(article),
        "review_needed",
        article,
        gettext_noop("稿件待审"),
        gettext_noop("稿件《%(title)s》等待审核。"),
    )


def returned(article: Any) -> None:
    _send(
        list(User.objects.filter(pk=article.created_by_id, is_active=True)),
        "returned",
        article,
        gettext_noop("稿件被退回"),
        gettext_noop("您的稿件《%(title)s》被退回修改，请查看审核意见。"),
    )


def published(article: Any) -> None:
    _send(
        list(User.objects.filter(pk=article.created_by_id, is_active=True)),
        "published",
        article,
        gettext_noop("稿件已发布"),
        gettext_noop("您的稿件《%(title)s》已在网站发布。"),
    )
