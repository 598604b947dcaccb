from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_templates(sender, **kwargs):
    """Templates come from a migration; reload them when a flush emptied the table (transactional tests)."""
    from .loader import load
    from .models import PathwayTemplate, TemplateItem

    if not PathwayTemplate.objects.exists():
        load(PathwayTemplate, TemplateItem)


def _is_professional(actor) -> bool:
    return actor.is_professional


class PathwaysConfig(AppConfig):
    name = "wieg.pathways"
    label = "pathways"
    verbose_name = _("Zorgpaden")

    def ready(self):
        from wieg.core.registry import NavEntry, Section, registry

        from . import receivers  # noqa: F401 - connects the signal receivers

        post_migrate.connect(_ensure_templates, sender=self, dispatch_uid="wieg.pathways.templates")
        from .selectors import annotate_next_step

        registry.add_home("professional", "pathways:worklist")
        registry.add_nav(
            NavEntry("worklist", _("Werklijst"), "pathways:worklist", _is_professional, order=10)
        )
        registry.add_section(
            "trajectory",
            Section("plan", _("Zorgplan"), "pathways:plan_section", order=10, visible=_is_professional),
        )
        registry.add_section("portal", Section("plan", _("Jullie plan"), "pathways:portal_section", order=10))
        registry.add_caseload_annotation(annotate_next_step)
