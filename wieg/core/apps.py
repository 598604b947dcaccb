from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_reference_data(sender, using="default", **kwargs):
    """Reference data is part of the schema's meaning: reload it when a flush emptied it (as in
    transactional tests), the way Django recreates content types."""
    from .models import Municipality, PostalCode, Province
    from .reference import load_reference_data

    if not Municipality.objects.using(using).exists():
        load_reference_data(Province, Municipality, PostalCode)


class CoreConfig(AppConfig):
    name = "wieg.core"
    label = "core"

    def ready(self):
        from . import appendonly, checks  # noqa: F401 - the SQLite function of the triggers; deploy checks
        from .lookups import register

        register()
        post_migrate.connect(_ensure_reference_data, sender=self, dispatch_uid="wieg.core.reference_data")
        post_migrate.connect(appendonly.install_all, sender=self, dispatch_uid="wieg.core.append_only")
