"""Daily (cron, after 8:00): remind receivers of referrals not answered within the answer time in Belgian
working days, and tell the senders."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from wieg.referrals.services import referrals_remind


class Command(BaseCommand):
    help = "Remind receivers of unanswered referrals (Belgian working days) and tell the senders."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--working-days",
            type=int,
            default=None,
            help="answer time for every urgency (default: per urgency from services-v*.json)",
        )

    def handle(self, *args, today=None, working_days=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today: YYYY-MM-DD") from exc
        if working_days is not None and working_days < 1:
            raise CommandError("--working-days must be 1 or more")
        reminded = referrals_remind(today=day, working_days=working_days)
        self.stdout.write(f"{len(reminded)} referral(s) reminded.")
