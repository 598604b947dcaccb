"""All indicators, in the order the dashboard shows them; a landed app overrides its planned ones."""

from django.utils.translation import gettext_lazy as _

from . import care, planned
from .base import Indicator, Part, Query

THEMES = {
    "reach": _("Bereik"),
    "consent": _("Toestemming"),
    "mood": _("Stemming"),
    "maternity_care": _("Kraamzorg"),
    "referrals": _("Doorverwijzingen"),
    "booklets": _("Boekjes"),
    "network": _("Huizen van het Kind"),
}


def _all() -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for indicator in [*care.INDICATORS, *planned.PLANNED]:
        indicators.setdefault(indicator.key, indicator)
    return indicators


INDICATORS = _all()


def get(key: str) -> Indicator | None:
    return INDICATORS.get(key)


def available() -> list[Indicator]:
    return [i for i in INDICATORS.values() if i.available]


__all__ = ["INDICATORS", "THEMES", "Indicator", "Part", "Query", "available", "get"]
