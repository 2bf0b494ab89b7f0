from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    """Office staff work the request queue; receivers reach theirs from the workspace."""
    if user.principal.has(Role.OFFICE_STAFF):
        return [NavItem(_("群众诉求"), reverse("voices:list"), "voices")]
    return []
