"""Scheduled jobs of ningju.accounts (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import time

from ningju.core.periodic import Job

JOBS = [Job("disable_dormant_accounts", ("disable_dormant_accounts",), daily_at=time(7, 30))]
