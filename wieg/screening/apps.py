from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wieg.screening"
    label = "screening"

    def ready(self):
        from django.db.models.signals import post_migrate

        from wieg.core.registry import Section, registry

        from . import policies

        policies.register()
        # A flush (transactional tests) empties the tables the data migration filled: load the files again.
        post_migrate.connect(_reload_data_files, sender=self, dispatch_uid="screening.reload_data_files")

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
            "portal",
            Section(
                key="questionnaires",
                label=_("Vragenlijsten voor u"),
                url_name="screening:portal_section",
                order=20,
                visible=lambda actor: actor.is_parent,
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


def _reload_data_files(sender, using="default", **kwargs):
    from django.db import connections

    from .catalogue import load_all

    if "screening_instrument" in connections[using].introspection.table_names():
        load_all()
