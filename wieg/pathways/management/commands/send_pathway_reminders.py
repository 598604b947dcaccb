import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wieg.pathways.reminders import send_reminders


class Command(BaseCommand):
    help = "Daily (cron): remind professionals of overdue plan items and parents of coming appointments."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date: YYYY-MM-DD") from exc
        sent = send_reminders(today)
        self.stdout.write(
            f"{today}: {sent.professionals} professionals, {sent.parents} parents, {sent.items} items"
        )
