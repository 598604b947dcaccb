from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wieg.core.appendonly import app_role_sql


class Command(BaseCommand):
    help = (
        "PostgreSQL: print (or, with --apply, run as the tables' owner) the grants for the application's "
        "login role: every table to read and write, but no UPDATE, DELETE or TRUNCATE on the access log. "
        "Run it again after each migrate that adds tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the web and task processes connect as (it must exist)")
        parser.add_argument("--apply", action="store_true", help="run the statements now")

    def handle(self, *args, role, apply, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Roles and grants are PostgreSQL's; SQLite relies on its triggers alone.")
        statements = app_role_sql(role)
        if apply:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        for statement in statements:
            self.stdout.write(f"{statement};")
