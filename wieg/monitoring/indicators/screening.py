"""Indicators on the psychosocial screening (wieg.screening)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory

from .. import sources
from .base import Indicator, share

PSYCHOSOCIAL = sources.PSYCHOSOCIAL_INSTRUMENT


def _screened() -> Q:
    screening = sources.model("screening.Screening")
    return Q(pk__in=screening.objects.filter(instrument__code=PSYCHOSOCIAL).values("trajectory_id"))


def _sixteen_weeks_passed() -> Q:
    """The schedule asks for the screening by 16 weeks: pregnancies before that cannot have missed it."""
    return Q(due_date__lte=timezone.localdate() + dt.timedelta(days=280 - 16 * 7))


INDICATORS = [
    Indicator(
        key="psychosocial_screening",
        theme="reach",
        label=_("Psychosociale screening"),
        kind="share",
        numerator=_("gezinnen met een afgeronde psychosociale screening"),
        denominator=_("gezinnen met een traject dat in de periode startte en 16 weken zwangerschap bereikte"),
        source=_("Wieg, screening (wieg.screening)"),
        cohort=_("trajecten gestart in de periode (startdatum)"),
        app="screening",
        compute=share(Trajectory, numerator=_screened, date_field="start_date", base=_sixteen_weeks_passed),
        requires=("screening.Screening",),
    ),
]
