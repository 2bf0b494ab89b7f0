from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Public site jobs. `ningju portal publish_due` publishes approved articles whose "
        "scheduled time has come (run every few minutes from cron or a systemd timer). "
        "`ningju portal verify` re-renders every published page and compares it with the "
        "approved, SM3-hashed version; it exits non-zero and names each page that differs "
        "(run hourly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["publish_due", "verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "publish_due":
            from ningju.portal.services import articles_publish_due

            done = articles_publish_due()
            for article in done:
                self.stdout.write(f"published #{article.pk} {article.title}")
            self.stdout.write(f"{len(done)} article(s) published")
            return
        from ningju.portal.integrity import verify

        report = verify()
        for p in report.problems:
            self.stderr.write(f"MODIFIED {p.url} (article #{p.article_id} «{p.title}»): {p.reason}")
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} of {report.checked} published page(s) differ from "
                "the approved version"
            )
        self.stdout.write(f"{report.checked} published page(s) match their approved version")
