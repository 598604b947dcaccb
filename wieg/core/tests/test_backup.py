"""`manage.py backup` then `manage.py restore` into an empty database finds every row of every table again,
on the engine the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from wieg.care.models import AccessEvent, Person, Trajectory
from wieg.core import backup
from wieg.testing.personas import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same engine, and its URL."""
    db = connection.settings_dict
    if backup.engine_of(db) == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}"
        return
    import psycopg

    name = f"wieg_restore_{uuid.uuid4().hex[:10]}"
    admin = {**backup._pg_kwargs(db), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    yield f"postgres://{user}@{host}:{port}/{name}"
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database_finds_everything(tmp_path, empty_database):
    world = build_world()
    AccessEvent.objects.create(
        actor_kind="system", action="read", object_type="Trajectory", trajectory=world.t
    )
    source_counts = backup.row_counts(connection.settings_dict)
    assert source_counts[Trajectory._meta.db_table] == Trajectory.objects.count() >= 1
    assert source_counts[Person._meta.db_table] == Person.objects.count() >= 1
    assert source_counts[AccessEvent._meta.db_table] == AccessEvent.objects.count() >= 1

    target = tmp_path / "wieg.backup"
    call_command("backup", str(target))
    assert target.stat().st_size > 0

    call_command("restore", str(target), "--database-url", empty_database)

    restored_db = backup.database_from_url(empty_database)
    restored = backup.row_counts(restored_db)
    # Every table with every row: reference data, accounts, care, the access log, the migrations record.
    assert restored == source_counts
    assert restored["django_migrations"] > 0
    names = _trajectory_ids(restored_db)
    assert str(world.t.public_id).replace("-", "") in {n.replace("-", "") for n in names}


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, empty_database):
    build_world()
    target = tmp_path / "wieg.backup"
    call_command("backup", str(target))
    call_command("restore", str(target), "--database-url", empty_database)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target), "--database-url", empty_database)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path, empty_database):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="not an? "):
        call_command("restore", str(junk), "--database-url", empty_database)


def _trajectory_ids(db) -> list[str]:
    table = Trajectory._meta.db_table
    if backup.engine_of(db) == "postgresql":
        import psycopg

        with psycopg.connect(**backup._pg_kwargs(db)) as conn:
            return [str(r[0]) for r in conn.execute(f'SELECT public_id FROM "{table}"')]  # noqa: S608
    conn = backup._sqlite_connect(db)
    try:
        return [str(r[0]) for r in conn.execute(f'SELECT public_id FROM "{table}"')]  # noqa: S608
    finally:
        conn.close()
