"""One navigation entry, 活动与学习, for members and office staff (no query)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role
from ningju.core.context_processors import NavItem


def nav_items(user: Any) -> list[NavItem]:
    principal = user.principal
    if (principal.member_id and principal.has(Role.MEMBER)) or principal.has(Role.OFFICE_STAFF):
        return [NavItem(_("活动与学习"), reverse("activities:index"), "activities")]
    return []
