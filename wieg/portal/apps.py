from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _parent(actor) -> bool:
    return actor.is_parent


def _professional(actor) -> bool:
    return actor.is_professional


class PortalConfig(AppConfig):
    name = "wieg.portal"
    label = "portal"

    def ready(self):
        from wieg.core.registry import NavEntry, Section, registry

        registry.add_home("parent", "portal:home")
        registry.add_nav(NavEntry("portal_home", _("Ons gezin"), "portal:home", _parent, order=10))
        registry.add_nav(NavEntry("portal_team", _("Ons team"), "portal:team", _parent, order=11))
        registry.add_nav(NavEntry("portal_consents", _("Wat we delen"), "portal:consents", _parent, order=12))
        registry.add_nav(NavEntry("portal_log", _("Wie keek"), "portal:access_log", _parent, order=13))
        registry.add_nav(
            NavEntry("portal_activities", _("Activiteiten"), "portal:activities", _parent, order=14)
        )
        registry.add_section(
            "portal",
            Section(
                "our_activities",
                _("Onze activiteiten"),
                "portal:section_activities",
                order=90,
                visible=_parent,
            ),
        )
        registry.add_section(
            "trajectory",
            Section(
                "invitations",
                _("Toegang voor de ouders"),
                "invitations:section",
                order=80,
                visible=_professional,
            ),
        )
