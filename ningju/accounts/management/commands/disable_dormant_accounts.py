from typing import Any

from django.core.management.base import BaseCommand

from ningju.accounts.security import disable_all_dormant


class Command(BaseCommand):
    help = "Disable accounts unused for longer than their organisation's dormant-days policy."

    def handle(self, *args: Any, **options: Any) -> None:
        count = disable_all_dormant()
        self.stdout.write(f"disabled {count} dormant account(s)")
