"""`python manage.py seed_demo --families N --seed S`: builds the demo data set (see wieg/demo/seeders)."""

import datetime as dt
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import Family
from wieg.demo import seeders
from wieg.demo.models import DemoRun


class Command(BaseCommand):
    help = (
        "Fill the database with deterministic demo data: organisations of the Ghent region, the demo "
        "accounts (password wieg-demo) and N families with their trajectory. Does nothing when demo data "
        "is already there; --reset rebuilds a demo database from scratch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=60, help="number of families (default 60)")
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed: the same seed gives the same data"
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the data is built around (YYYY-MM-DD, default today)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="empty this demo database (all tables, then migrations again) and rebuild",
        )

    def handle(self, *args, families, seed, today, reset, **options):
        if families < 1:
            raise CommandError("--families must be at least 1")
        previous = DemoRun.objects.first()
        if reset:
            if previous is None and self._has_data():
                raise CommandError(
                    "This database holds data that seed_demo did not create; "
                    "--reset only empties a demo database."
                )
            self._empty_database()
            previous = None
        elif previous is not None:
            same = previous.families == families and previous.seed == seed
            self.stdout.write(
                f"Demo data is already here ({previous}), nothing to do."
                + (
                    ""
                    if same
                    else f" To rebuild it with {families} families and seed {seed}: "
                    f"python manage.py seed_demo --families {families} --seed {seed} --reset "
                    "(make demo-reset)."
                )
            )
            return
        elif self._has_data():
            raise CommandError(
                "This database already holds users or families that are not demo data. Use an empty database "
                "(the default SQLite file var/wieg.sqlite3, or a fresh DATABASE_URL)."
            )

        ctx = seeders.DemoContext(
            seed=seed,
            families=families,
            today=today or timezone.localdate(),
            rng=random.Random(seed),
            stdout=self.stdout,
        )
        started = time.monotonic()
        with transaction.atomic():
            seeders.run(ctx)
            seconds = time.monotonic() - started
            counts = {
                "families": Family.objects.count(),
                "trajectories": len(ctx.trajectory_ids),
                "users": User.objects.count(),
            }
            DemoRun.objects.create(
                seed=seed, families=families, today=ctx.today, seconds=round(seconds, 1), counts=counts
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses on millions of new rows
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['trajectories']} trajectories, {counts['users']} accounts, "
                f"seed {seed}, built around {ctx.today} in {time.monotonic() - started:.1f} s."
            )
        )

    @staticmethod
    def _has_data() -> bool:
        return User.objects.exists() or Family.objects.exists()

    def _empty_database(self):
        """Drop every table and migrate again: what migrations load (reference data, rules) comes back."""
        self.stdout.write("Emptying the demo database and running the migrations again...")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                tables = connection.introspection.table_names(cursor)
                cursor.execute("PRAGMA foreign_keys = OFF")
                for table in tables:
                    cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
                cursor.execute("PRAGMA foreign_keys = ON")
        else:
            raise CommandError(f"--reset does not know how to empty a {connection.vendor} database")
        call_command("migrate", verbosity=0, interactive=False)
