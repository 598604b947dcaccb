from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wieg.screening"
    label = "screening"

    def ready(self):
        from wieg.core.registry import Section, registry

        registry.add_section(
            "trajectory",
            Section(
                key="screening",
                label=_("Screening"),
                url_name="screening:trajectory_section",
                order=50,
                visible=lambda actor: actor.is_professional,
            ),
        )
        registry.add_section(
            "worklist",
            Section(
                key="urgent_flags",
                label=_("Dringende signalen"),
                url_name="screening:worklist_section",
                order=10,
                visible=lambda actor: actor.is_professional,
            ),
        )
