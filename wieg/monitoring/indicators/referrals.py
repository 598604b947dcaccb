"""Indicators on referrals (wieg.referrals): maternity home care among all births, and every service's
answers. Maternity home care splits by province and by flag like every indicator (group_by)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory

from .. import sources
from .base import DaysBetween, Indicator, average, share

MATERNITY = "maternity_home_care"
SENT = ("sent", "accepted", "declined", "in_progress", "completed")
ACCEPTED = ("accepted", "in_progress", "completed")
STARTED = ("in_progress", "completed")
ANSWERED = ("accepted", "declined", "in_progress", "completed")
SOURCE = _("Wieg, doorverwijzingen (wieg.referrals)")
BIRTHS = _("geboorten in de periode (geboortedatum)")
REFERRALS = _("doorverwijzingen verstuurd in de periode (verzenddatum)")


def _referrals(*statuses):
    referral = sources.model("referrals.Referral")
    return referral.objects.filter(service=MATERNITY, status__in=statuses).values("trajectory_id")


def _referred() -> Q:
    return Q(pk__in=_referrals(*SENT))


def _accepted() -> Q:
    return Q(pk__in=_referrals(*ACCEPTED))


def _started() -> Q:
    return Q(pk__in=_referrals(*STARTED)) | Q(
        pk__in=sources.model("referrals.Referral")
        .objects.filter(service=MATERNITY, started_at__isnull=False)
        .values("trajectory_id")
    )


def _answered() -> Q:
    return Q(status__in=ANSWERED, answered_at__isnull=False)


INDICATORS = [
    Indicator(
        key="maternity_care_referrals",
        theme="maternity_care",
        label=_("Doorverwijzingen naar kraamzorg"),
        kind="share",
        numerator=_("gezinnen met een verstuurde doorverwijzing naar kraamzorg"),
        denominator=_("gezinnen van wie het kind in de periode geboren werd"),
        source=SOURCE,
        cohort=BIRTHS,
        app="referrals",
        compute=share(Trajectory, numerator=_referred, date_field="birth_date"),
        requires=("referrals.Referral",),
    ),
    Indicator(
        key="maternity_care_acceptance",
        theme="maternity_care",
        label=_("Aanvaarde doorverwijzingen naar kraamzorg"),
        kind="share",
        numerator=_("gezinnen van wie een kraamzorgdienst de doorverwijzing aanvaardde"),
        denominator=_(
            "gezinnen met een verstuurde doorverwijzing naar kraamzorg, van wie het kind in de "
            "periode geboren werd"
        ),
        source=SOURCE,
        cohort=BIRTHS,
        app="referrals",
        compute=share(Trajectory, numerator=_accepted, date_field="birth_date", base=_referred),
        requires=("referrals.Referral",),
    ),
    Indicator(
        key="maternity_care_uptake",
        theme="maternity_care",
        label=_("Gebruik van kraamzorg"),
        kind="share",
        numerator=_("gezinnen bij wie de kraamzorg gestart is"),
        denominator=_("gezinnen van wie het kind in de periode geboren werd"),
        source=SOURCE,
        cohort=BIRTHS,
        app="referrals",
        compute=share(Trajectory, numerator=_started, date_field="birth_date"),
        requires=("referrals.Referral",),
        notes=(
            _(  # xgettext:no-python-format
                "Ter vergelijking: ongeveer 31 % in West-Vlaanderen, 20 % in Oost-Vlaanderen en 17 % in "
                "Antwerpen (domeinfeiten, 2022)."
            ),
        ),
    ),
    Indicator(
        key="referral_time_to_answer",
        theme="referrals",
        label=_("Tijd tot antwoord op een doorverwijzing"),
        kind="average",
        numerator=_("gemiddeld aantal dagen (kalenderdagen) tussen het versturen en het antwoord"),
        denominator=_("beantwoorde doorverwijzingen verstuurd in de periode; n = de gezinnen erachter"),
        source=SOURCE,
        cohort=REFERRALS,
        app="referrals",
        compute=average(
            "referrals.Referral",
            value=DaysBetween("answered_at", "sent_at"),
            date_field="sent_at",
            prefix="trajectory__",
            base=_answered,
        ),
        requires=("referrals.Referral",),
        unit=_("dagen"),
        extra_dimensions=("service",),
    ),
    Indicator(
        key="referral_declined",
        theme="referrals",
        label=_("Geweigerde doorverwijzingen"),
        kind="share",
        numerator=_("gezinnen met een geweigerde doorverwijzing"),
        denominator=_("gezinnen met een beantwoorde doorverwijzing verstuurd in de periode"),
        source=SOURCE,
        cohort=REFERRALS,
        app="referrals",
        compute=share(
            "referrals.Referral",
            numerator=Q(status="declined"),
            date_field="sent_at",
            prefix="trajectory__",
            base=_answered,
        ),
        requires=("referrals.Referral",),
        extra_dimensions=("service",),
    ),
]
