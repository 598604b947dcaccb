import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.models import Notification
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Professional

from .. import audit
from ..models import BreakGlassAccess, CoordinatorAssignment, ReviewOutcome, Trajectory
from ..policies import can, can_break_glass


@transaction.atomic
def break_glass_open(*, actor, trajectory: Trajectory, reason: str) -> BreakGlassAccess:
    reason = (reason or "").strip()
    if len(reason) < settings.WIEG_BREAK_GLASS_MIN_REASON:
        raise InvalidInput(
            _("Beschrijf de reden in minstens %(n)d tekens.") % {"n": settings.WIEG_BREAK_GLASS_MIN_REASON},
            field="reason",
        )
    if not can_break_glass(actor, trajectory):
        if actor.is_professional and can(actor, "contact.view", trajectory):
            raise Conflict(_("U hebt al toegang tot dit dossier."))
        raise Forbidden()
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        trajectory=trajectory,
        professional_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        reason=reason,
        opened_at=now,
        expires_at=now + dt.timedelta(hours=settings.WIEG_BREAK_GLASS_HOURS),
    )
    audit.record(
        actor,
        "create",
        access,
        trajectory=trajectory,
        category="contact",
        break_glass=True,
        detail="break-the-glass opened",
    )
    _notify_coordinator(trajectory, access)
    return access


def _notify_coordinator(trajectory: Trajectory, access: BreakGlassAccess):
    assignment = (
        CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True)
        .select_related("professional__user")
        .first()
    )
    user = assignment.professional.user if assignment else None
    if user is None:
        return
    professional = Professional.objects.get(pk=access.professional_id)
    with translation.override(user.preferred_language):
        Notification.objects.create(
            user=user,
            subject=_("Noodtoegang tot een dossier dat u coördineert"),
            body=_("%(name)s opende het dossier zonder toestemming, tot %(until)s. Reden: %(reason)s")
            % {
                "name": professional.display_name,
                "until": timezone.localtime(access.expires_at).strftime("%d/%m/%Y %H:%M"),
                "reason": access.reason,
            },
            link=reverse("care:trajectory_detail", args=[trajectory.public_id]),
        )


@transaction.atomic
def break_glass_review(*, actor, access: BreakGlassAccess, outcome: str, note: str = "") -> BreakGlassAccess:
    if (
        not actor.is_professional
        or "reviewer" not in actor.roles
        or access.organisation_id != actor.organisation_id
    ):
        raise Forbidden()
    if outcome not in ReviewOutcome.values:
        raise InvalidInput(_("Kies terecht of niet terecht."), field="outcome")
    access.reviewed_at = timezone.now()
    access.reviewed_by_id = actor.professional_id
    access.review_outcome = outcome
    access.review_note = note
    access.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
    audit.record(
        actor,
        "update",
        access,
        trajectory=access.trajectory,
        category="contact",
        break_glass=False,
        detail=f"review: {outcome}",
    )
    return access
