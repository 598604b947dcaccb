"""Indicators on the child booklet (Kindboekje, wieg.booklets): in time, by which step, and twice."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory

from .. import sources
from .base import Indicator, Part, breakdown, share

SOURCE = _("Wieg, boekjes (wieg.booklets)")
BIRTHS = _("geboorten in de periode (geboortedatum)")
FIRST = ("handed_out", "already_had")
STEPS = (
    ("prenatal_intake", _("stap 1: startgesprek Kind en Gezin")),
    ("independent_midwife", _("stap 2: zelfstandig vroedvrouw")),
    ("first_postnatal_contact", _("stap 3: eerste contact na de geboorte")),
    ("nicu", _("NICU")),
)


def _child_booklets():
    return sources.model("booklets.Distribution").objects.filter(booklet="child")


def _in_time() -> Q:
    """A first child booklet (handed out, or already at home) at the latest 14 days after the birth."""
    days = dt.timedelta(days=14)
    early = _child_booklets().filter(kind__in=FIRST, handed_out_on__lte=F("trajectory__birth_date") + days)
    return Q(pk__in=early.values("trajectory_id"))


def _two_weeks_passed() -> Q:
    return Q(birth_date__lte=timezone.localdate() - dt.timedelta(days=14))


def _by_step() -> dict:
    parts = {
        key: Q(pk__in=_child_booklets().filter(kind="handed_out", step=key).values("trajectory_id"))
        for key, _label in STEPS
    }
    parts["already_had"] = Q(pk__in=_child_booklets().filter(kind="already_had").values("trajectory_id"))
    parts["none"] = ~Q(pk__in=_child_booklets().filter(kind__in=FIRST).values("trajectory_id"))
    return parts


def _more_than_one() -> Q:
    """More than one child booklet for the same child: a first one and one or more replacements."""
    per_child = (
        _child_booklets()
        .exclude(kind="already_had")
        .values("trajectory_id", "child_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("trajectory_id")
    )
    return Q(pk__in=per_child)


def _has_child_booklet() -> Q:
    return Q(pk__in=_child_booklets().values("trajectory_id"))


INDICATORS = [
    Indicator(
        key="child_booklet_2w",
        theme="booklets",
        label=_("Kindboekje binnen 2 weken na de geboorte"),
        kind="share",
        numerator=_(
            "gezinnen met een Kindboekje (uitgereikt of al in huis) uiterlijk 14 dagen na de geboorte"
        ),
        denominator=_("gezinnen van wie het kind in de periode geboren werd, 2 weken na de geboorte"),
        source=SOURCE,
        cohort=BIRTHS,
        app="booklets",
        compute=share(Trajectory, numerator=_in_time, date_field="birth_date", base=_two_weeks_passed),
        requires=("booklets.Distribution",),
    ),
    Indicator(
        key="child_booklet_by_step",
        theme="booklets",
        label=_("Kindboekje per stap van de procedure"),
        kind="breakdown",
        numerator=_(
            "gezinnen per stap waarop ze hun Kindboekje kregen, of die er al een hadden, of nog geen"
        ),
        denominator=_("gezinnen van wie het kind in de periode geboren werd"),
        source=SOURCE,
        cohort=BIRTHS,
        app="booklets",
        compute=breakdown(Trajectory, parts=_by_step, date_field="birth_date"),
        requires=("booklets.Distribution",),
        parts=(
            *(Part(key, label) for key, label in STEPS),
            Part("already_had", _("had er al een")),
            Part("none", _("nog geen")),
        ),
        notes=(_("Een gezin met een meerling kan in twee stappen meetellen."),),
    ),
    Indicator(
        key="child_booklet_double",
        theme="booklets",
        label=_("Dubbel uitgereikte Kindboekjes"),
        kind="share",
        numerator=_(
            "gezinnen die voor hetzelfde kind meer dan één Kindboekje kregen (een eerste en een "
            "vervanging); twee eerste uitreikingen houdt Wieg tegen"
        ),
        denominator=_("gezinnen met een Kindboekje, van wie het kind in de periode geboren werd"),
        source=SOURCE,
        cohort=BIRTHS,
        app="booklets",
        compute=share(Trajectory, numerator=_more_than_one, date_field="birth_date", base=_has_child_booklet),
        requires=("booklets.Distribution",),
    ),
]
