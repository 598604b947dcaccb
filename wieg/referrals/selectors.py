"""Reads on referrals, always through Referral.objects.visible_to(actor)."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from wieg.care.models import Consent, CoordinatorAssignment, RiskLevel, Trajectory
from wieg.care.policies import scope
from wieg.screening.models import Flag, Suggestion, SuggestionStatus

from .models import OPEN_STATUSES, Referral, ReferralStep, Status

LIST_RELATED = (
    "trajectory__pregnant_person",
    "trajectory__family__municipality",
    "from_professional",
    "from_organisation",
    "to_organisation",
    "handled_by",
    "coordinator",
    "previous",
)


def referral_list(actor, box: str):
    qs = Referral.objects.visible_to(actor)
    if box == "incoming":
        qs = qs.incoming(actor)
    else:
        qs = qs.filter(from_organisation_id__in=list(actor.organisation_ids))
    return qs.select_related(*LIST_RELATED).order_by("-created_at", "-pk")


def referral_get(actor, public_id) -> Referral:
    return (
        Referral.objects.visible_to(actor)
        .select_related(*LIST_RELATED)
        .prefetch_related(
            Prefetch("steps", queryset=ReferralStep.objects.select_related("professional", "organisation")),
            Prefetch("flags", queryset=Flag.objects.select_related("screening__instrument")),
        )
        .get(public_id=public_id)
    )


def receiver_sees_flags(referral: Referral) -> bool:
    """Linked flags are psychosocial: the receiver sees them only with consent for that category."""
    return (
        Consent.objects.active()
        .filter(
            trajectory_id=referral.trajectory_id,
            organisation_id=referral.to_organisation_id,
            psychosocial=True,
        )
        .exists()
    )


def referrals_of(actor, trajectory: Trajectory):
    return (
        Referral.objects.visible_to(actor)
        .filter(trajectory=trajectory)
        .select_related("to_organisation", "from_professional")
        .order_by("-created_at")
    )


def vulnerable_without_maternity_care(actor):
    """The coordinator's families in a vulnerable situation (raised or high risk, or an open vulnerability
    signal from a screening) still pregnant or just born, without an open or finished referral for
    maternity home care. One query whatever the number of families."""
    if not actor.is_professional:
        return Trajectory.objects.none()
    mine = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), professional_id=actor.professional_id, end__isnull=True
    )
    flagged = Flag.objects.filter(trajectory=OuterRef("pk"), level__in=["high", "urgent"])
    referred = Referral.objects.filter(
        trajectory=OuterRef("pk"),
        service="maternity_home_care",
        status__in=[*OPEN_STATUSES, Status.COMPLETED],
    )
    dismissed = Suggestion.objects.filter(
        trajectory=OuterRef("pk"), rule_key="mhc_vulnerable", status=SuggestionStatus.DISMISSED
    )
    return (
        scope(actor, "contact.view", Trajectory.objects.filter(status="active", birth_date__isnull=True))
        .filter(Exists(mine))
        .annotate(flagged=Exists(flagged), referred=Exists(referred), dismissed=Exists(dismissed))
        .filter(referred=False, dismissed=False)
        .filter(Q(flagged=True) | Q(risk_level__in=[RiskLevel.RAISED, RiskLevel.HIGH]))
        .select_related("pregnant_person", "family__municipality")
        .order_by("due_date", "pk")
    )


# What the worklist shows of a referral: one query per section, whatever the number of rows.
WORKLIST_RELATED = ("trajectory__pregnant_person", "from_organisation", "to_organisation", "coordinator")
INCOMING_STATUSES = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
# How long the sender keeps seeing an answer on the home page.
ANSWERED_SHOWN_DAYS = 14


def incoming_for_worklist(actor, limit: int) -> list[Referral]:
    """Referrals and intakes sent to my active organisation that wait for an answer (first) or are being
    carried out: the receiving organisation's part of the home page."""
    if not actor.is_professional or actor.organisation_id is None:
        return []
    qs = (
        Referral.objects.incoming(actor)
        .filter(to_organisation_id=actor.organisation_id, status__in=INCOMING_STATUSES)
        .select_related(*WORKLIST_RELATED)
        .order_by(F("answered_at").asc(nulls_first=True), "sent_at", "pk")
    )
    return list(qs[: limit + 1])


def sent_for_worklist(actor, today, limit: int) -> list[Referral]:
    """What I referred: still waiting (for consent or for an answer) or answered in the last two weeks."""
    if not actor.is_professional:
        return []
    since = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=ANSWERED_SHOWN_DAYS), dt.time())
    )
    qs = (
        Referral.objects.visible_to(actor)
        .filter(from_professional_id=actor.professional_id)
        .filter(Q(status__in=[Status.WAITING_FOR_CONSENT, Status.SENT]) | Q(updated_at__gte=since))
        .exclude(status=Status.CANCELLED)
        .select_related(*WORKLIST_RELATED)
        .order_by("-updated_at", "-pk")
    )
    return list(qs[: limit + 1])
