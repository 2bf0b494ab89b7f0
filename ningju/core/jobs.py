"""Scheduled jobs of ningju.core (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import time

from ningju.core.periodic import Job

JOBS = [Job("audit_verify", ("audit", "verify"), daily_at=time(3, 0))]
