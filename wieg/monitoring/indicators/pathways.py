"""Indicators on the care plans (wieg.pathways) and the mood screenings at the moments of the pathway."""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory

from .. import sources
from .base import Indicator, share

STARTED = _("trajecten gestart in de periode (startdatum)")
BIRTHS = _("geboorten in de periode (geboortedatum)")
PLANS = _("Wieg, zorgplannen en contacten (wieg.pathways)")
SCREENINGS = _("Wieg, screenings (wieg.screening) op de momenten van het zorgpad")
MOOD_INSTRUMENTS = {"whooley", "epds"}
FULL_TERM_DAYS = 280


def _first_contact_by(weeks: int):
    """A contact no later than `weeks` weeks of pregnancy (counted back from the due date)."""

    def condition() -> Q:
        contact = sources.model("pathways.Contact")
        limit = dt.timedelta(days=FULL_TERM_DAYS - 7 * weeks)
        early = contact.objects.filter(date__lte=F("trajectory__due_date") - limit).values("trajectory_id")
        return Q(pk__in=early)

    return condition


def _week_passed(weeks: int):
    """Only pregnancies that have reached that week: the others cannot have met it yet."""

    def condition() -> Q:
        limit = dt.timedelta(days=FULL_TERM_DAYS - 7 * weeks)
        return Q(due_date__lte=timezone.localdate() + limit)

    return condition


def _minimum_met() -> Q:
    """Every prenatal plan item that counts toward the minimum is done (items cancelled by a re-plan, e.g.
    after an early birth, and items whose window closed before the trajectory started do not count);
    trajectories without such items have no plan to meet."""
    item = sources.model("pathways.PlanItem")
    counted = item.objects.filter(counts_toward_minimum=True, phase="prenatal").exclude(
        status__in=["cancelled", "before_enrolment"]
    )
    return Q(pk__in=counted.values("trajectory_id")) & ~Q(
        pk__in=counted.exclude(status="done").values("trajectory_id")
    )


def _born_and_six_weeks_passed() -> Q:
    return Q(birth_date__isnull=False, birth_date__lte=timezone.localdate() - dt.timedelta(days=49))


def _screened_at(moment: dict) -> Q:
    screening = sources.model("screening.Screening")
    anchor = "trajectory__due_date" if moment["anchor"] == "due_date" else "trajectory__birth_date"
    done = screening.objects.filter(
        instrument__code=moment["instrument"],
        performed_at__date__gte=F(anchor) + dt.timedelta(days=moment["from_days"]),
        performed_at__date__lte=F(anchor) + dt.timedelta(days=moment["due_days"]),
    )
    return Q(pk__in=done.values("trajectory_id"))


def _mood_screened_at_every_moment() -> Q:
    condition = Q()
    for moment in sources.screening_moments(MOOD_INSTRUMENTS):
        condition &= _screened_at(moment)
    return condition


def _mood_screened() -> Q:
    screening = sources.model("screening.Screening")
    return Q(pk__in=screening.objects.filter(instrument__code__in=MOOD_INSTRUMENTS).values("trajectory_id"))


def _mood_flags():
    return sources.model("screening.Flag").objects.filter(screening__instrument__code__in=MOOD_INSTRUMENTS)


def _mood_flagged() -> Q:
    return Q(pk__in=_mood_flags().values("trajectory_id"))


def _every_mood_flag_acted_on() -> Q:
    return ~Q(pk__in=_mood_flags().filter(action_at__isnull=True).values("trajectory_id"))


def _births_screened() -> Q:
    return _born_and_six_weeks_passed() & _mood_screened()


def _births_flagged() -> Q:
    return _born_and_six_weeks_passed() & _mood_flagged()


INDICATORS = [
    Indicator(
        key="first_contact_12w",
        theme="reach",
        label=_("Eerste contact voor 12 weken"),
        kind="share",
        numerator=_("gezinnen met een contact (consultatie of bezoek) uiterlijk op 12 weken zwangerschap"),
        denominator=_("gezinnen met een traject dat in de periode startte en 12 weken zwangerschap bereikte"),
        source=PLANS,
        cohort=STARTED,
        app="pathways",
        compute=share(
            Trajectory, numerator=_first_contact_by(12), date_field="start_date", base=_week_passed(12)
        ),
        requires=("pathways.Contact",),
        notes=(
            _("Een traject dat pas na 12 weken in Wieg startte, telt als niet bereikt: dat is de vraag."),
        ),
    ),
    Indicator(
        key="first_contact_16w",
        theme="reach",
        label=_("Eerste contact voor 16 weken"),
        kind="share",
        numerator=_("gezinnen met een contact (consultatie of bezoek) uiterlijk op 16 weken zwangerschap"),
        denominator=_("gezinnen met een traject dat in de periode startte en 16 weken zwangerschap bereikte"),
        source=PLANS,
        cohort=STARTED,
        app="pathways",
        compute=share(
            Trajectory, numerator=_first_contact_by(16), date_field="start_date", base=_week_passed(16)
        ),
        requires=("pathways.Contact",),
    ),
    Indicator(
        key="minimum_contacts",
        theme="reach",
        label=_("Minimum aantal contacten gehaald"),
        kind="share",
        numerator=_(
            "gezinnen van wie elk prenataal contact dat meetelt voor het minimum (10/7-model) gedaan is"
        ),
        denominator=_("gezinnen van wie het kind in de periode geboren werd"),
        source=PLANS,
        cohort=BIRTHS,
        app="pathways",
        compute=share(Trajectory, numerator=_minimum_met, date_field="birth_date"),
        requires=("pathways.PlanItem",),
    ),
    Indicator(
        key="mood_screened",
        theme="mood",
        label=_("Stemmingsscreening op de momenten van het zorgpad"),
        kind="share",
        numerator=_(
            "gezinnen met een stemmingsscreening (Whooley of EPDS) binnen het venster van elk moment: "
            "eerste contact (tot 16 weken), 20-21 weken en 6 weken na de geboorte"
        ),
        denominator=_("gezinnen van wie het kind in de periode geboren werd, 7 weken na de geboorte"),
        source=SCREENINGS,
        cohort=BIRTHS,
        app="screening",
        compute=share(
            Trajectory,
            numerator=_mood_screened_at_every_moment,
            date_field="birth_date",
            base=_born_and_six_weeks_passed,
        ),
        requires=("screening.Screening",),
    ),
    Indicator(
        key="mood_flagged",
        theme="mood",
        label=_("Signalen bij de stemmingsscreening"),
        kind="share",
        numerator=_("gezinnen met een signaal uit een stemmingsscreening (Whooley of EPDS)"),
        denominator=_("gezinnen met een stemmingsscreening, van wie het kind in de periode geboren werd"),
        source=SCREENINGS,
        cohort=BIRTHS,
        app="screening",
        compute=share(Trajectory, numerator=_mood_flagged, date_field="birth_date", base=_births_screened),
        requires=("screening.Flag",),
    ),
    Indicator(
        key="mood_action",
        theme="mood",
        label=_("Actie na een signaal bij de stemmingsscreening"),
        kind="share",
        numerator=_("gezinnen van wie elk signaal uit de stemmingsscreening een vastgelegde actie heeft"),
        denominator=_(
            "gezinnen met een signaal uit de stemmingsscreening, van wie het kind in de periode geboren werd"
        ),
        source=SCREENINGS,
        cohort=BIRTHS,
        app="screening",
        compute=share(
            Trajectory, numerator=_every_mood_flag_acted_on, date_field="birth_date", base=_births_flagged
        ),
        requires=("screening.Flag",),
    ),
]
