from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "wieg.monitoring"
    label = "monitoring"

    def ready(self):
        from wieg.core.registry import NavEntry, registry

        from .access import can_view

        registry.add_nav(
            NavEntry(
                key="monitoring",
                label=_("Monitoring"),
                url_name="monitoring:dashboard",
                visible=can_view,
                order=80,
            )
        )
        registry.add_home("analyst", "monitoring:dashboard")
