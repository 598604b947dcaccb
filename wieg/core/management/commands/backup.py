"""A full backup of the database: `pg_dump --format=custom` on PostgreSQL, sqlite3's backup API on SQLite."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from wieg.core import backup


class Command(BaseCommand):
    help = "Write a full backup of the database to a file (restore it with `manage.py restore`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="the backup file (default: var/backups/wieg-<UTC time>.<dump|sqlite3>)",
        )

    def handle(self, *args, output=None, **options):
        db = connections["default"].settings_dict
        engine = backup.engine_of(db)
        if output is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            suffix = "dump" if engine == "postgresql" else "sqlite3"
            output = Path("var") / "backups" / f"wieg-{stamp}.{suffix}"
        try:
            path = backup.backup(db, Path(output))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
