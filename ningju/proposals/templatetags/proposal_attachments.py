"""`{% load proposal_attachments %}` … `{% attachment_panel proposal %}`: the edit page's
attachment panel, built by the same code that answers its htmx requests."""

from __future__ import annotations

from typing import Any

from django import template

from ningju.proposals.views_attachments import panel_context

register = template.Library()


@register.inclusion_tag("proposals/member/_attachments.html", takes_context=True)
def attachment_panel(context: template.Context, proposal: Any) -> dict[str, Any]:
    result = panel_context(context["request"].user, proposal)
    # The panel's forms need the page's CSRF token.
    result["csrf_token"] = context.get("csrf_token")
    return result
