from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    if user.principal.has(Role.OFFICE_STAFF, Role.MEMBER):
        return [NavItem(_("联络站"), reverse("stations:list"), "stations")]
    return []
