"""Scheduled jobs of ningju.meetings (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import timedelta

from ningju.core.periodic import Job

# Invitees are reminded once, about a day before (the command is idempotent per meeting).
JOBS = [Job("meetings_remind", ("meetings", "remind"), every=timedelta(minutes=30))]
