"""Workspace entry for the people who keep the word list (office staff, portal editors)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.models import User
from ningju.workspace.selectors import Panel, Task


def panels(user: User) -> list[Panel]:
    if not user.has_perm("moderation.manage_terms"):
        return []
    return [
        Panel(
            key="moderation",
            title=_("内容审核"),
            tasks=[Task(_("敏感词管理：补充本会词库，试查一段文字"), reverse("moderation:terms"))],
        )
    ]
