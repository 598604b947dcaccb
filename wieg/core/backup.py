"""Backup and restore of the whole database with the engine's own tools.

PostgreSQL: `pg_dump --format=custom` and `pg_restore` (schema, data, sequences, triggers and constraints
as they are). SQLite: the online backup API of sqlite3, a consistent copy of the file while the app runs.
A restore goes into an empty database only, unless `replace` is asked for: restoring over live data by
mistake would lose everything written since the backup.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def database_from_url(url: str) -> dict:
    return dj_database_url.parse(url)


def engine_of(db: dict) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Unsupported database engine: {engine}")


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()}")


def backup(db: dict, target: Path) -> Path:
    """Write a full backup of `db` to `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine_of(db) == "postgresql":
        _run(["pg_dump", "--format=custom", "--file", str(target), db["NAME"]], _pg_env(db))
    else:
        source = _sqlite_connect(db)
        try:
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
    return target


def restore(db: dict, source: Path, *, replace: bool = False) -> None:
    """Restore the backup `source` into `db`, which must be empty unless `replace`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup at {source}")
    with source.open("rb") as fh:
        head = fh.read(16)
    engine = engine_of(db)
    if engine == "postgresql" and not head.startswith(PG_MAGIC):
        raise BackupError("This is not a PostgreSQL backup (pg_dump custom format).")
    if engine == "sqlite" and head != SQLITE_MAGIC:
        raise BackupError("This is not an SQLite backup.")
    if not replace and table_names(db):
        raise BackupError("The target database is not empty: restore into an empty one, or use --replace.")
    if engine == "postgresql":
        cmd = ["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"]
        cmd += ["--dbname", db["NAME"]]
        if replace:
            cmd[1:1] = ["--clean", "--if-exists"]
        _run([*cmd, str(source)], _pg_env(db))
    else:
        backup_file = sqlite3.connect(source)
        try:
            target = _sqlite_connect(db)
            try:
                backup_file.backup(target)
            finally:
                target.close()
        finally:
            backup_file.close()


def table_names(db: dict) -> list[str]:
    if engine_of(db) == "postgresql":
        import psycopg

        with psycopg.connect(**_pg_kwargs(db)) as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
    else:
        conn = _sqlite_connect(db)
        try:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            ).fetchall()
        finally:
            conn.close()
    return [r[0] for r in rows]


def row_counts(db: dict) -> dict[str, int]:
    """Rows per table: what a restore test compares."""
    names = table_names(db)
    if engine_of(db) == "postgresql":
        import psycopg

        with psycopg.connect(**_pg_kwargs(db)) as conn:
            return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    conn = _sqlite_connect(db)
    try:
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        conn.close()


def _pg_kwargs(db: dict) -> dict:
    kwargs = {"dbname": db["NAME"]}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            kwargs[arg] = db[key]
    return kwargs


def _sqlite_connect(db: dict) -> sqlite3.Connection:
    name = str(db["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return sqlite3.connect(name, uri=name.startswith("file:"))
    return sqlite3.connect(name)
