"""Daily (cron): escalate break-the-glass openings not reviewed within WIEG_BREAK_GLASS_REVIEW_DAYS Belgian
working days to the regional and central reviewers. Idempotent: an opening is escalated once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from wieg.care.services import break_glass_escalate


class Command(BaseCommand):
    help = "Escalate unreviewed break-the-glass openings to the regional and central reviewers."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run for, YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today: YYYY-MM-DD") from exc
        escalated, unheld = break_glass_escalate(today=day)
        self.stdout.write(f"{escalated} break-the-glass opening(s) escalated.")
        if unheld:
            # Nobody holds these: an operator must give some organisation a central review mandate.
            self.stderr.write(
                f"{unheld} escalated opening(s) have no reviewer at all: add a central review mandate."
            )
