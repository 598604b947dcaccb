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

REPLICA = "replica"
_monitoring = ContextVar("wieg_monitoring_reads", default=False)


@contextmanager
def monitoring_reads():
    token = _monitoring.set(True)
    try:
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
