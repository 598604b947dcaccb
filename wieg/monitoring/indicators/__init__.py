"""All indicators. Each names the models it reads (`requires`): while its app has not landed, it is
listed as "not yet available" with its definition, and computes nothing."""

from django.utils.translation import gettext_lazy as _

from . import booklets, care, network, pathways, referrals, screening
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
    every = [
        *care.INDICATORS,
        *pathways.INDICATORS,
        *screening.INDICATORS,
        *referrals.INDICATORS,
        *booklets.INDICATORS,
        *network.INDICATORS,
    ]
    for indicator in every:
        indicators.setdefault(indicator.key, indicator)
    return indicators


INDICATORS = _all()


def get(key: str) -> Indicator | None:
    return INDICATORS.get(key)


def available() -> list[Indicator]:
    return [i for i in INDICATORS.values() if i.available]


__all__ = ["INDICATORS", "THEMES", "Indicator", "Part", "Query", "available", "get"]
