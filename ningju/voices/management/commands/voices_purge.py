from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ningju.voices import services


class Command(BaseCommand):
    help = (
        "Delete the requester's name and phone from public requests closed more than "
        f"{services.RETENTION_YEARS} years ago, as the consent notice on /consult/ promises. "
        "Run daily (cron or the task worker); running it again changes nothing more."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.requests_purge_personal_data()
        self.stdout.write(f"personal data removed from {count} public requests")
