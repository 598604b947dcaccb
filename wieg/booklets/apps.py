from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_rules(sender, **kwargs):
    """The rule files are loaded by a migration; a test flush empties the table, so load them again."""
    from .models import RuleSet
    from .rules import load_rule_files

    if not RuleSet.objects.exists():
        load_rule_files(RuleSet)


def _is_service(actor) -> bool:
    from .selectors import is_booklet_service

    return is_booklet_service(actor)


def _orders_visible(actor) -> bool:
    if actor.is_parent:
        return True
    from . import rules
    from .selectors import is_booklet_service, is_midwife_orderer

    if not actor.is_professional:
        return False
    current = rules.current()
    return is_midwife_orderer(actor, current) or is_booklet_service(actor, current)


def _is_professional(actor) -> bool:
    return actor.is_professional


class BookletsConfig(AppConfig):
    name = "wieg.booklets"
    label = "booklets"

    def ready(self):
        from wieg.core.registry import NavEntry, Section, registry

        post_migrate.connect(_ensure_rules, sender=self, dispatch_uid="wieg.booklets.rules")

        registry.add_nav(
            NavEntry("booklets_worklist", _("Kindboekjes"), "booklets:worklist", _is_professional, 40)
        )
        registry.add_nav(
            NavEntry("booklets_orders", _("Bestellingen boekjes"), "booklets:orders", _orders_visible, 41)
        )
        registry.add_nav(
            NavEntry("booklets_figures", _("Cijfers Kindboekjes"), "booklets:figures", _is_service, 42)
        )
        registry.add_section(
            "trajectory",
            Section(
                "booklets", _("Kindboekje"), "booklets:trajectory_section", order=40, visible=_is_professional
            ),
        )
        registry.add_section(
            "portal", Section("booklets", _("Onze boekjes"), "booklets:portal_section", order=40)
        )
        registry.add_section(
            "worklist",
            Section(
                "booklets",
                _("Kindboekje: jouw beurt"),
                "booklets:worklist_section",
                order=40,
                visible=_is_professional,
            ),
        )
