from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "wieg.referrals"
    label = "referrals"

    def ready(self):
        from wieg.core.registry import NavEntry, Section, WorklistSource, registry

        from . import home, signals  # noqa: F401 - signals connects the consent listener
        from .catalogue import intake_kinds

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
        registry.add_worklist_source(
            WorklistSource(
                key="incoming_referrals",
                label=_("Doorverwijzingen en aanmeldingen om te beantwoorden"),
                rows=home.incoming_rows,
                page_row=home.incoming_page_row,
                api_row=home.api_row,
                order=10,
            )
        )
        registry.add_worklist_source(
            WorklistSource(
                key="sent_referrals",
                label=_("Antwoorden op mijn doorverwijzingen"),
                rows=home.sent_rows,
                page_row=home.sent_page_row,
                api_row=home.api_row,
                order=20,
            )
        )
        registry.add_nav(
            NavEntry(
                key="intake",
                label=_("Aanmeldingen"),
                url_name="referrals:intake_queue",
                visible=lambda actor: actor.is_professional and actor.organisation_kind in intake_kinds(),
                order=41,
            )
        )
        registry.add_nav(
            NavEntry(
                key="intake_new",
                label=_("Aanmelden bij Kind en Gezin"),
                url_name="referrals:intake_new",
                visible=lambda actor: actor.is_professional and actor.organisation_kind not in intake_kinds(),
                order=42,
            )
        )
