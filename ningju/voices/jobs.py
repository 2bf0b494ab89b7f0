"""Scheduled jobs of ningju.voices (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import time

from ningju.core.periodic import Job

# The consent notice promises personal data is deleted three years after a request closes.
JOBS = [Job("voices_purge", ("voices_purge",), daily_at=time(2, 30))]
