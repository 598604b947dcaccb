"""Daily (cron): pseudonymise closed trajectories WIEG_RETENTION_DAYS_AFTER_DAY_1000 days after day 1000.
Idempotent: a trajectory is done once, a second run finds nothing to do."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from wieg.care.services import trajectory_apply_retention


class Command(BaseCommand):
    help = "Pseudonymise the personal data of closed trajectories past their retention period."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run for, YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today: YYYY-MM-DD") from exc
        done = trajectory_apply_retention(today=day)
        self.stdout.write(f"{done} trajectory(ies) pseudonymised.")
