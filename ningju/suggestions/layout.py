"""Which layout public pages extend: the portal's public site layout once it exists."""

from __future__ import annotations

from functools import lru_cache

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

PUBLIC_BASE = "portal/public_base.html"


@lru_cache(maxsize=1)
def public_layout() -> str:
    try:
        get_template(PUBLIC_BASE)
    except TemplateDoesNotExist:
        return "base.html"
    return PUBLIC_BASE
