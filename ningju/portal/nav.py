from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    """Editors and office staff get the publishing desk; members write from their workspace."""
    if user.principal.has(Role.PORTAL_EDITOR, Role.OFFICE_STAFF):
        return [NavItem(_("网站"), reverse("portal:manage"), "portal")]
    return []
