"""`{% member_reading member %}`: the member's 书香政协 reading card, for pages of other apps
(the member profile) that have already decided the viewer may see this member."""

from __future__ import annotations

from typing import Any

from django import template

from ningju.activities.selectors import reading_summary_for_member

register = template.Library()


@register.inclusion_tag("activities/_member_reading.html")
def member_reading(member: Any) -> dict[str, Any]:
    return {"reading": reading_summary_for_member(member=member)}
