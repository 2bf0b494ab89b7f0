"""Scheduled jobs of ningju.proposals (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import time

from ningju.core.periodic import Job

JOBS = [Job("proposals_daily", ("proposals_daily",), daily_at=time(7, 0))]
