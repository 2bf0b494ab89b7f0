"""Scheduled jobs of ningju.portal (run by `ningju periodic`, see ningju/core/periodic.py)."""

from datetime import timedelta

from ningju.core.periodic import Job

JOBS = [
    # Scheduled articles go live within five minutes of their time.
    Job("portal_publish_due", ("portal", "publish_due"), every=timedelta(minutes=5)),
    # Every published page re-rendered and compared with its approved, hashed copy; a
    # difference is a FAILED run in `ningju periodic list` (and the command names the page).
    Job("portal_verify", ("portal", "verify"), every=timedelta(hours=1)),
]
