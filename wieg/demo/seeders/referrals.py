"""Demo referrals: from the nurse's flagged families to maternity home care, the OCMW, the CAW and the CGG,
through the services. The `kraamzorg` account finds an inbox with new, overdue, accepted, running,
completed and declined requests; some referrals still wait for the family's consent."""

import datetime as dt

from django.utils import timezone

from wieg.care.models import Trajectory
from wieg.care.services import consent_give
from wieg.directory.actors import actor_for
from wieg.referrals import services
from wieg.referrals.models import Referral, Status
from wieg.screening.models import Suggestion, SuggestionStatus

SERVICE_ORGANISATION = {
    "maternity_home_care": "kraamzorg",
    "ocmw": "ocmw",
    "caw": "caw",
    "mental_health": "cgg",
    "perinatal_mental_health": "cgg",
}
RECEIVER_ACCOUNT = {"kraamzorg": "kraamzorg", "ocmw": "social", "cgg": "psychologist"}


def seed(ctx) -> None:
    nurse = ctx.users.get("nurse")
    flagged = ctx.extra.get("screening_flagged_trajectory_ids") or []
    if nurse is None or not flagged or "kraamzorg" not in ctx.organisations:
        ctx.say("referrals: no flagged families or no maternity home care service, skipped")
        return
    rng = ctx.rng
    actor = actor_for(nurse)
    suggestions = (
        Suggestion.objects.filter(trajectory_id__in=flagged, kind="referral", status=SuggestionStatus.OPEN)
        .select_related("trajectory", "screening")
        .order_by("trajectory_id", "pk")
    )
    made: list[Referral] = []
    for suggestion in suggestions:
        key = SERVICE_ORGANISATION.get(suggestion.service)
        organisation = ctx.organisations.get(key) if key else None
        if organisation is None:
            continue
        if rng.random() < 0.8:  # most families agree to share with the service; the others are still asked
            consent_give(
                actor=actor,
                trajectory=suggestion.trajectory,
                categories=["contact", "care_plan"],
                recorded_via="signed_form",
                organisation=organisation,
            )
        urgency = "soon" if suggestion.service == "maternity_home_care" else rng.choice(["routine", "soon"])
        made.append(
            services.referral_create(
                actor=actor,
                trajectory=suggestion.trajectory,
                to_organisation=organisation,
                service=suggestion.service,
                reason=suggestion.text,
                urgency=urgency,
                suggestion=suggestion,
            )
        )
    _answer(ctx, [r for r in made if r.status == Status.SENT])
    counts = {}
    for r in Referral.objects.filter(pk__in=[r.pk for r in made]):
        counts[r.status] = counts.get(r.status, 0) + 1
    ctx.say(f"referrals: {len(made)} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")


def _answer(ctx, sent: list[Referral]) -> None:
    """Move part of each receiver's inbox along the lifecycle; leave some unanswered and overdue."""
    by_org: dict[int, list[Referral]] = {}
    for r in sent:
        by_org.setdefault(r.to_organisation_id, []).append(r)
    for key, account in RECEIVER_ACCOUNT.items():
        organisation = ctx.organisations.get(key)
        user = ctx.users.get(account)
        if organisation is None or user is None:
            continue
        receiver = actor_for(user, organisation_id=organisation.pk)
        if receiver.organisation_id != organisation.pk:
            continue
        inbox = by_org.get(organisation.pk, [])
        plan = ["accept", "start", "complete", "decline", "overdue"]
        for referral, step in zip(inbox, plan, strict=False):
            if step == "overdue":
                # Sent eight days ago and not answered: the reminder command picks it up.
                Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))
                continue
            if step == "decline":
                services.referral_decline(
                    actor=receiver, referral=referral, reason="Geen capaciteit in de gevraagde periode"
                )
                continue
            services.referral_accept(actor=receiver, referral=referral)
            if step in {"start", "complete"}:
                services.referral_start(actor=receiver, referral=referral)
            if (
                step == "complete"
                and Trajectory.objects.filter(pk=referral.trajectory_id, birth_date__isnull=False).exists()
            ):
                services.referral_complete(
                    actor=receiver, referral=referral, outcome="Kraamzorg gegeven, gezin goed op weg"
                )
