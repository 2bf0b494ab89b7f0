"""One top-level entry for members, office staff and chair-meeting members."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    principal = user.principal
    if principal.member_id or principal.has(Role.OFFICE_STAFF, Role.CHAIR_MEETING):
        return [NavItem(_("会议"), reverse("meetings:list"), "meetings")]
    return []
