"""Scheduled jobs of ningju.notify (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import timedelta

from ningju.core.periodic import Job

JOBS = [Job("notify_retry", ("notify", "retry"), every=timedelta(minutes=10))]
