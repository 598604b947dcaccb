"""Indicators on the care heart (wieg.care): reach, coordination and consent.

The cohort of each is the trajectories that started in the period (Trajectory.start_date).
"""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import (
    POSTNATAL_DAYS,
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Phase,
    Trajectory,
    TrajectoryStatus,
)

from .base import Indicator, Part, breakdown, count, share

COHORT = _("trajecten gestart in de periode (startdatum)")
SOURCE = _("Wieg, zorgtrajecten (wieg.care)")


# Conditions are uncorrelated "pk IN (subquery)": PostgreSQL hashes the subquery once instead of probing
# an index for every trajectory of the cohort.


def _has_coordinator() -> Q:
    """An open coordinator assignment; a closed trajectory counts when it had one when it closed."""
    open_assignment = CoordinatorAssignment.objects.filter(end__isnull=True).values("trajectory_id")
    any_assignment = CoordinatorAssignment.objects.values("trajectory_id")
    # The status test first: the second subquery is only hashed when a closed trajectory is met.
    return Q(pk__in=open_assignment) | (Q(status=TrajectoryStatus.CLOSED) & Q(pk__in=any_assignment))


def _team_fully_consented() -> Q:
    """No active team member without active consent (contact) for their organisation or for them."""
    now = timezone.now()
    consent = Consent.objects.filter(
        trajectory=OuterRef("trajectory"), withdrawn_at__isnull=True, contact=True
    ).filter(Q(organisation=OuterRef("organisation")) | Q(professional=OuterRef("professional")))
    uncovered = (
        CareTeamMember.objects.filter(start__lte=now)
        .filter(Q(end__isnull=True) | Q(end__gt=now))
        .filter(~Exists(consent))
        .values("trajectory_id")
    )
    return ~Q(pk__in=uncovered)


def _psychosocial_consent() -> Q:
    return Q(
        pk__in=Consent.objects.filter(withdrawn_at__isnull=True, psychosocial=True).values("trajectory_id")
    )


def _phase_at_start() -> dict[str, Q]:
    """The phase in which the family was reached: before the birth, the six weeks after it, or later."""
    before_birth = Q(birth_date__isnull=True) | Q(birth_date__gt=F("start_date"))
    within_six_weeks = Q(start_date__lt=F("birth_date") + dt.timedelta(days=POSTNATAL_DAYS))
    return {
        Phase.PRENATAL: before_birth,
        Phase.POSTNATAL: ~before_birth & within_six_weeks,
        Phase.INFANCY: ~before_birth & ~within_six_weeks,
    }


INDICATORS = [
    Indicator(
        key="trajectories_started",
        theme="reach",
        label=_("Nieuwe trajecten"),
        kind="count",
        numerator=_("aantal gezinnen met een traject dat in de periode startte"),
        denominator=_("geen (een aantal)"),
        source=SOURCE,
        cohort=COHORT,
        app="care",
        compute=count(Trajectory, date_field="start_date"),
        requires=("care.Trajectory",),
    ),
    Indicator(
        key="reach_by_phase",
        theme="reach",
        label=_("Bereik per fase"),
        kind="breakdown",
        numerator=_(
            "gezinnen per fase waarin het traject startte: zwangerschap, de zes weken na de geboorte, "
            "of later"
        ),
        denominator=_("alle gezinnen met een traject dat in de periode startte"),
        source=SOURCE,
        cohort=COHORT,
        app="care",
        compute=breakdown(Trajectory, parts=_phase_at_start, date_field="start_date"),
        requires=("care.Trajectory",),
        parts=tuple(Part(p.value, p.label) for p in Phase),
    ),
    Indicator(
        key="coordinator",
        theme="reach",
        label=_("Trajecten met een zorgcoördinator"),
        kind="share",
        numerator=_(
            "gezinnen van wie het traject een zorgcoördinator heeft (bij een afgesloten traject: had)"
        ),
        denominator=_("alle gezinnen met een traject dat in de periode startte"),
        source=SOURCE,
        cohort=COHORT,
        app="care",
        compute=share(Trajectory, numerator=_has_coordinator, date_field="start_date"),
        requires=("care.CoordinatorAssignment",),
    ),
    Indicator(
        key="consent_team",
        theme="consent",
        label=_("Toestemming voor het hele zorgteam"),
        kind="share",
        numerator=_(
            "gezinnen van wie elk actief teamlid (zijn organisatie of hijzelf) actieve toestemming "
            "heeft voor de contactgegevens"
        ),
        denominator=_("alle gezinnen met een traject dat in de periode startte"),
        source=_("Wieg, zorgteams en toestemmingen (wieg.care)"),
        cohort=COHORT,
        app="care",
        compute=share(Trajectory, numerator=_team_fully_consented, date_field="start_date"),
        requires=("care.Consent", "care.CareTeamMember"),
    ),
    Indicator(
        key="consent_psychosocial",
        theme="consent",
        label=_("Toestemming voor psychosociale gegevens"),
        kind="share",
        numerator=_("gezinnen met minstens één actieve toestemming voor de categorie psychosociaal"),
        denominator=_("alle gezinnen met een traject dat in de periode startte"),
        source=_("Wieg, toestemmingen (wieg.care)"),
        cohort=COHORT,
        app="care",
        compute=share(Trajectory, numerator=_psychosocial_consent, date_field="start_date"),
        requires=("care.Consent",),
    ),
]
