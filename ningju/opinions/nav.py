"""One nav entry, 社情民意, for members (their own page) and office staff (the queue)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    principal = user.principal
    if principal.has(Role.OFFICE_STAFF):
        return [NavItem(_("社情民意"), reverse("opinions:queue"), "opinions")]
    if principal.member_id:
        return [NavItem(_("社情民意"), reverse("opinions:mine"), "opinions")]
    return []
