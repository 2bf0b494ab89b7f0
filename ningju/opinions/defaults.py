"""The per-committee settings, with domain.md §2's defaults when none are stored."""

from __future__ import annotations

from .models import OpinionSettings


def settings_for(organisation_id: int) -> OpinionSettings:
    found = OpinionSettings.objects.filter(organisation_id=organisation_id).first()
    return found or OpinionSettings(organisation_id=organisation_id)
