from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ningju.opinions import services
from ningju.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "年终通报: notify every contributor of 社情民意 of their figures for the year "
        "(submitted, compiled, adopted, instructed). Each member is told once per year, so "
        "running it again sends nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--organisation", help="organisation code (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options.get("year") or timezone.localdate().year
        organisations = Organisation.objects.all()
        if options.get("organisation"):
            organisations = organisations.filter(code=options["organisation"])
            if not organisations.exists():
                raise CommandError(f"no organisation with code {options['organisation']!r}")
        for organisation in organisations.order_by("sort_order", "id"):
            sent = services.year_notices_send(organisation_id=organisation.pk, year=year)
            self.stdout.write(f"{organisation.code} {year}: {sent} notice(s) sent")
