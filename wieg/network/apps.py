from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _staff(actor) -> bool:
    return actor.is_professional or actor.is_analyst


def _ensure_life_domains(sender, using="default", **kwargs):
    """The life domains are data the schema relies on: reload them when a flush emptied the table."""
    from .models import LifeDomain
    from .reference import load_life_domains

    if not LifeDomain.objects.using(using).exists():
        load_life_domains(LifeDomain)


class NetworkConfig(AppConfig):
    name = "wieg.network"
    label = "network"

    def ready(self):
        post_migrate.connect(_ensure_life_domains, sender=self, dispatch_uid="wieg.network.life_domains")
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
