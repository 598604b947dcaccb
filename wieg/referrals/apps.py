from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "wieg.referrals"
    label = "referrals"

    def ready(self):
        from wieg.core.registry import NavEntry, Section, registry

        from . import signals  # noqa: F401 - connects the consent listener

        registry.add_nav(
            NavEntry(
                key="referrals",
                label=_("Doorverwijzingen"),
                url_name="referrals:inbox",
                visible=lambda actor: actor.is_professional,
                order=40,
            )
        )
        registry.add_section(
            "trajectory",
            Section(
                key="referrals",
                label=_("Doorverwijzingen"),
                url_name="referrals:trajectory_section",
                order=60,
                visible=lambda actor: actor.is_professional,
            ),
        )
        registry.add_section(
            "worklist",
            Section(
                key="maternity_care_reach",
                label=_("Kraamzorg nog niet aangevraagd"),
                url_name="referrals:worklist_section",
                order=40,
                visible=lambda actor: actor.is_professional,
            ),
        )
