from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _professional(actor) -> bool:
    return actor.is_professional


def _reviewer(actor) -> bool:
    return actor.is_professional and "reviewer" in actor.roles


class CareConfig(AppConfig):
    name = "wieg.care"
    label = "care"

    def ready(self):
        from wieg.core import appendonly
        from wieg.core.registry import NavEntry, registry

        from . import receivers  # noqa: F401
        from .models import AccessEvent

        # The database refuses UPDATE and DELETE on the access log (wieg/core/appendonly.py).
        appendonly.register(AccessEvent._meta.db_table)

        registry.add_nav(NavEntry("caseload", _("Mijn gezinnen"), "care:caseload", _professional, order=10))
        registry.add_nav(
            NavEntry("find_family", _("Gezin zoeken"), "care:find_family", _professional, order=20)
        )
        registry.add_nav(NavEntry("family_new", _("Nieuw gezin"), "care:family_new", _professional, order=30))
        registry.add_nav(
            NavEntry("review_queue", _("Noodtoegang nakijken"), "care:review_queue", _reviewer, order=90)
        )
