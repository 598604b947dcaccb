"""Monitoring reads may go to a streaming replica.

Set WIEG_REPLICA_DATABASE_URL (e.g. postgres://wieg@replica-host:5432/wieg) and settings add the database
alias "replica" and this router. Only reads made inside `monitoring_reads()` go there: the dashboards and
the indicators API, which tolerate a replica a few seconds behind. Every other read and every write stays
on "default", so that a professional always reads what they have just written. Without the variable
nothing changes (and tests never need a replica).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections, router, transaction

REPLICA = "replica"
_monitoring = ContextVar("wieg_monitoring_reads", default=False)


# Aggregations over a few hundred thousand rows: PostgreSQL's JIT compiles them for longer than they run
# (over a second here), and counting distinct families spills to disk with the default work_mem.
POSTGRES_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


@contextmanager
def monitoring_reads():
    """Reads for monitoring: on the replica when there is one, in one read-only transaction."""
    if _monitoring.get():  # already inside: one transaction for the whole page
        yield
        return
    token = _monitoring.set(True)
    try:
        from wieg.care.models import Trajectory

        alias = router.db_for_read(Trajectory)
        with transaction.atomic(using=alias):
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION READ ONLY")
                    for statement in POSTGRES_SETTINGS:
                        cursor.execute(statement)
            yield
    finally:
        _monitoring.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class MonitoringReplicaRouter:
    def db_for_read(self, model, **hints):
        if _monitoring.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives its schema from the primary through replication.
        return False if db == REPLICA else None
