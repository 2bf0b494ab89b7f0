"""Every proposal deadline is computed here, from the organisation's ProposalSettings."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

from .models import ProposalSettings


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def cosign_deadline(invited_at: datetime, settings: ProposalSettings) -> date:
    return _day(invited_at) + timedelta(days=settings.cosign_days)


def objection_deadline(assigned_at: datetime, settings: ProposalSettings) -> date:
    return _day(assigned_at) + timedelta(days=settings.objection_days)


def handling_due(assigned_at: datetime, settings: ProposalSettings, *, round: int = 1) -> date:
    months = settings.handling_months if round == 1 else settings.rehandling_months
    return add_months(_day(assigned_at), months)


def latest_extension(assigned_at: datetime, settings: ProposalSettings) -> date:
    """The furthest a unit may be allowed to push its reply (default 6 months)."""
    return add_months(_day(assigned_at), settings.max_handling_months)


def feedback_due(replied_at: datetime, settings: ProposalSettings) -> date:
    return _day(replied_at) + timedelta(days=settings.feedback_days)


def reminder_from(due_on: date, settings: ProposalSettings) -> date:
    return due_on - timedelta(days=settings.reminder_days)
