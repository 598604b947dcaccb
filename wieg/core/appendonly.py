"""Tables the database itself keeps append-only: triggers refuse UPDATE and DELETE on every row.

PostgreSQL: one trigger function raises for any UPDATE or DELETE. TRUNCATE is a statement of its own that
fires no row trigger: the test database flush and `seed_demo --reset` use it (or drop the tables), and the
application's role is given no TRUNCATE right on these tables (`manage.py app_role_sql`).

SQLite has no TRUNCATE: Django empties a table with DELETE. The DELETE trigger therefore asks a function,
`wieg_emptying_tables()`, that exists only on Wieg's own connections and answers 1 only inside
`emptying_all_tables()`, which only `manage.py flush` uses (the test suite between transactional tests). SQL
cannot switch it on; another client (the sqlite3 shell) does not have the function and is refused as well.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.backends.signals import connection_created

_emptying = ContextVar("wieg_emptying_tables", default=False)

# The append-only tables; apps register theirs when they are ready (wieg/care/apps.py: the access log).
TABLES: set[str] = set()

MESSAGE = "append-only table: UPDATE and DELETE are refused"


@contextmanager
def emptying_all_tables() -> Iterator[None]:
    token = _emptying.set(True)
    try:
        yield
    finally:
        _emptying.reset(token)


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("wieg_emptying_tables", 0, lambda: int(_emptying.get()))


connection_created.connect(_register_sqlite_function, dispatch_uid="wieg_append_only_sqlite")


def register(table: str) -> None:
    TABLES.add(table)


def install_all(sender=None, using="default", **kwargs) -> None:
    """After every migrate (post_migrate): SQLite drops a table's triggers when a migration rebuilds it."""
    from django.db import connections

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    for table in sorted(TABLES & existing):
        install(connection, table)


def app_role_sql(role: str) -> list[str]:
    """PostgreSQL statements, run by the owner of the tables, that give the application's login role what it
    needs and no more: every table to read and write, except UPDATE, DELETE and TRUNCATE on the append-only
    ones. Migrations keep running as the owner; the web and task processes connect as `role`."""
    from django.db import connection

    quoted = connection.ops.quote_name(role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}",
    ]
    statements += [
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(t)} FROM {quoted}"
        for t in sorted(TABLES)
    ]
    return statements


def trigger_names(table: str) -> list[str]:
    return [f"{table}_no_update", f"{table}_no_delete"]


def install(connection, table: str) -> None:
    """Create (or re-create) the triggers; idempotent, so it can run after every migrate."""
    if connection.vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION wieg_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '%: %', TG_TABLE_NAME, '{MESSAGE}' USING ERRCODE = 'restrict_violation';
                END $$""",
            f'DROP TRIGGER IF EXISTS "{table}_no_update" ON "{table}"',
            f'DROP TRIGGER IF EXISTS "{table}_no_delete" ON "{table}"',
            f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION wieg_refuse_change()",
            f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION wieg_refuse_change()",
        ]
    elif connection.vendor == "sqlite":
        statements = [
            f'DROP TRIGGER IF EXISTS "{table}_no_update"',
            f'DROP TRIGGER IF EXISTS "{table}_no_delete"',
            f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END",
            f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" '
            f"WHEN NOT wieg_emptying_tables() BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END",
        ]
    else:
        raise NotImplementedError(f"append-only tables on {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed(connection, table: str) -> set[str]:
    """The names of this table's append-only triggers that the database has."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return {row[0] for row in cursor.fetchall()} & set(trigger_names(table))
