"""Django's flush, able to empty the append-only tables too (wieg/core/appendonly.py).

Emptying every table is what the test suite does between transactional tests; it is not a way to edit the
access log: one DELETE of one row is still refused, on SQLite and PostgreSQL alike.
"""

from django.core.management.commands.flush import Command as FlushCommand

from wieg.core.appendonly import emptying_all_tables


class Command(FlushCommand):
    def handle(self, **options):
        with emptying_all_tables():
            return super().handle(**options)
