from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _professional(actor) -> bool:
    return actor.is_professional


def _reviewer(actor) -> bool:
    return actor.is_professional and "reviewer" in actor.roles


def _access_log_append_only(sender, using="default", **kwargs):
    """Re-create the triggers after every migrate: SQLite drops them when a migration rebuilds the table."""
    from wieg.core import appendonly

    from .models import AccessEvent

    connection = connections[using]
    table = AccessEvent._meta.db_table
    if table in connection.introspection.table_names():
        appendonly.install(connection, table)


class CareConfig(AppConfig):
    name = "wieg.care"
    label = "care"

    def ready(self):
        from wieg.core.registry import NavEntry, registry

        from . import receivers  # noqa: F401

        post_migrate.connect(_access_log_append_only, sender=self, dispatch_uid="wieg.care.append_only")

        registry.add_nav(NavEntry("caseload", _("Mijn gezinnen"), "care:caseload", _professional, order=10))
        registry.add_nav(
            NavEntry("find_family", _("Gezin zoeken"), "care:find_family", _professional, order=20)
        )
        registry.add_nav(NavEntry("family_new", _("Nieuw gezin"), "care:family_new", _professional, order=30))
        registry.add_nav(
            NavEntry("review_queue", _("Noodtoegang nakijken"), "care:review_queue", _reviewer, order=90)
        )
