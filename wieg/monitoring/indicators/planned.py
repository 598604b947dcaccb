"""Indicators of the issue whose source app has not landed yet: listed as "not yet available", never faked.

Each keeps its definition so that the catalogue tells analysts what is coming; when the app lands, its
module in this package defines the same key with a compute function and replaces the entry here.
"""

from django.utils.translation import gettext_lazy as _

from .base import Indicator


def _planned(key, theme, label, kind, numerator, denominator, source, cohort, app):
    return Indicator(
        key=key,
        theme=theme,
        label=label,
        kind=kind,
        numerator=numerator,
        denominator=denominator,
        source=source,
        cohort=cohort,
        app=app,
    )


BIRTHS = _("geboorten in de periode")
STARTED = _("trajecten gestart in de periode (startdatum)")

PLANNED = [
    _planned(
        "first_contact_12w",
        "reach",
        _("Eerste contact voor 12 weken"),
        "share",
        _("gezinnen met een eerste prenataal contact voor 12 weken zwangerschap"),
        _("gezinnen met een traject dat in de periode startte"),
        _("Wieg, zorgplannen (wieg.pathways)"),
        STARTED,
        "pathways",
    ),
    _planned(
        "first_contact_16w",
        "reach",
        _("Eerste contact voor 16 weken"),
        "share",
        _("gezinnen met een eerste prenataal contact voor 16 weken zwangerschap"),
        _("gezinnen met een traject dat in de periode startte"),
        _("Wieg, zorgplannen (wieg.pathways)"),
        STARTED,
        "pathways",
    ),
    _planned(
        "minimum_contacts",
        "reach",
        _("Minimum aantal contacten gehaald"),
        "share",
        _("gezinnen met ten minste het minimum aantal prenatale contacten van hun zorgpad"),
        _("gezinnen van wie het kind in de periode geboren werd"),
        _("Wieg, zorgplannen (wieg.pathways)"),
        BIRTHS,
        "pathways",
    ),
    _planned(
        "mood_screened",
        "mood",
        _("Stemmingsscreening op de momenten van het zorgpad"),
        "share",
        _("gezinnen met een stemmingsscreening (Whooley/EPDS) op elk voorziene moment"),
        _("gezinnen van wie het kind in de periode geboren werd"),
        _("Wieg, zorgplannen (wieg.pathways)"),
        BIRTHS,
        "pathways",
    ),
    _planned(
        "psychosocial_screening",
        "reach",
        _("Psychosociale screening"),
        "share",
        _("gezinnen met een afgeronde psychosociale screening"),
        _("gezinnen met een traject dat in de periode startte"),
        _("Wieg, screening (wieg.screening)"),
        STARTED,
        "screening",
    ),
    _planned(
        "maternity_care_referrals",
        "maternity_care",
        _("Doorverwijzingen naar kraamzorg"),
        "share",
        _("gezinnen met een doorverwijzing naar kraamzorg"),
        _("gezinnen van wie het kind in de periode geboren werd"),
        _("Wieg, doorverwijzingen (wieg.referrals)"),
        BIRTHS,
        "referrals",
    ),
    _planned(
        "referral_time_to_answer",
        "referrals",
        _("Tijd tot antwoord op een doorverwijzing"),
        "average",
        _("gemiddeld aantal dagen tussen het versturen en het antwoord"),
        _("beantwoorde doorverwijzingen verstuurd in de periode"),
        _("Wieg, doorverwijzingen (wieg.referrals)"),
        _("doorverwijzingen verstuurd in de periode"),
        "referrals",
    ),
    _planned(
        "referral_declined",
        "referrals",
        _("Geweigerde doorverwijzingen"),
        "share",
        _("gezinnen met een geweigerde doorverwijzing"),
        _("gezinnen met een beantwoorde doorverwijzing"),
        _("Wieg, doorverwijzingen (wieg.referrals)"),
        _("doorverwijzingen verstuurd in de periode"),
        "referrals",
    ),
    _planned(
        "child_booklet_2w",
        "booklets",
        _("Kindboekje binnen 2 weken na de geboorte"),
        "share",
        _("gezinnen die een Kindboekje kregen uiterlijk 14 dagen na de geboorte"),
        _("gezinnen van wie het kind in de periode geboren werd"),
        _("Wieg, boekjes (wieg.booklets)"),
        BIRTHS,
        "booklets",
    ),
    _planned(
        "child_booklet_double",
        "booklets",
        _("Dubbel uitgereikte Kindboekjes"),
        "count",
        _("gezinnen die voor hetzelfde kind meer dan één Kindboekje kregen"),
        _("geen (een aantal)"),
        _("Wieg, boekjes (wieg.booklets)"),
        BIRTHS,
        "booklets",
    ),
    _planned(
        "centre_coverage",
        "network",
        _("Gemeenten met een Huis van het Kind"),
        "share",
        _("gemeenten die een Huis van het Kind bedient"),
        _("alle gemeenten van Vlaanderen en Brussel"),
        _("Wieg, netwerk (wieg.network)"),
        _("de toestand op het einde van de periode"),
        "network",
    ),
]
