"""One nav entry for office staff; owners reach their matters from the workspace panel."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ningju.core.context_processors import NavItem

from .predicates import is_office_staff


def nav_items(user: Any) -> list[NavItem]:
    if is_office_staff(user):
        return [NavItem(_("办实事"), reverse("matters:list"), "matters")]
    return []
