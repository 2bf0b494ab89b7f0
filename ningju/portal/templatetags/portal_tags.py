"""Template tags for the public site's layout (public_base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from ningju.portal.site import public_site

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_site(context: template.Context) -> Any:
    """The site the page belongs to: `portal_org` from the view, else the top committee."""
    return public_site(context.get("portal_org"))
