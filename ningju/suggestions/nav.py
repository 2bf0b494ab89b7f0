"""One nav entry, for the people who work the queue (office staff and handling units)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.core.context_processors import NavItem

from .predicates import is_office_staff


def nav_items(user: Any) -> list[NavItem]:
    # Members reach 微建议 from their workspace panel; units from theirs.
    if is_office_staff(user):
        return [NavItem(_("微建议"), reverse("suggestions:queue"), "suggestions")]
    return []
