"""Template tags for the public site's layout (public_base.html) and pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from ningju.portal.site import column_url, public_site

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_site(context: template.Context) -> Any:
    """The site the page belongs to: `portal_org` from the view, else the top committee."""
    # `ningju portal verify` renders from the database, not from the cached layout.
    return public_site(context.get("portal_org"), use_cache=not context.get("portal_fresh"))


@register.simple_tag
def portal_column_url(column: Any) -> str:
    return column_url(column)


@register.simple_tag
def portal_label(column: Any) -> str:
    return column.label(get_language())
