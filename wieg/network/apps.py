from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _staff(actor) -> bool:
    return actor.is_professional or actor.is_analyst


class NetworkConfig(AppConfig):
    name = "wieg.network"
    label = "network"

    def ready(self):
        from wieg.core.registry import NavEntry, Section, registry

        registry.add_nav(NavEntry("network", _("Huizen van het Kind"), "network:home", _staff, order=60))
        registry.add_nav(NavEntry("coverage", _("Dekking"), "network:coverage", _staff, order=61))
        registry.add_nav(
            NavEntry(
                "activities",
                _("Activiteiten"),
                "network:activity_search",
                lambda actor: not actor.is_parent,
                order=62,
            )
        )
        registry.add_section(
            "trajectory",
            Section(
                "activities",
                _("Activiteiten"),
                "network:trajectory_activities",
                order=80,
                visible=lambda actor: actor.is_professional,
            ),
        )
