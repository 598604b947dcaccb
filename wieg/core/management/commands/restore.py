"""Restore a backup made by `manage.py backup` into an empty database (or over one, with --replace)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from wieg.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("input", help="the backup file")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of the configured one (same engine as the backup)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop what the target database holds first (otherwise it must be empty)",
        )

    def handle(self, *args, input, database_url=None, replace=False, **options):
        if database_url:
            db = backup.database_from_url(database_url)
        else:
            db = connections["default"].settings_dict
            connections["default"].close()
        try:
            backup.restore(db, Path(input), replace=replace)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = backup.row_counts(db)
        self.stdout.write(f"Restored {len(counts)} tables, {sum(counts.values())} rows.")
