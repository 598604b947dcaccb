import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.actor import SYSTEM
from wieg.accounts.models import Notification
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.core.workdays import add_working_days
from wieg.directory.models import Professional

from .. import audit
from ..models import BreakGlassAccess, CoordinatorAssignment, ReviewOutcome, Trajectory
from ..policies import can, can_break_glass
from ..selectors import break_glass_queue, reviewers_of


def _already_open() -> Conflict:
    return Conflict(_("U hebt al toegang tot dit dossier."))


@transaction.atomic
def break_glass_open(*, actor, trajectory: Trajectory, reason: str) -> BreakGlassAccess:
    """Emergency access for an eligible professional (ADR 0004), one open access per professional and
    trajectory: the trajectory row is locked before anything is checked, and the database refuses a
    second overlapping access whatever happens."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if not can_break_glass(actor, trajectory):
        if actor.is_professional and can(actor, "contact.view", trajectory):
            raise _already_open()
        raise Forbidden()
    reason = (reason or "").strip()
    if len(reason) < settings.WIEG_BREAK_GLASS_MIN_REASON:
        raise InvalidInput(
            _("Beschrijf de reden in minstens %(n)d tekens.") % {"n": settings.WIEG_BREAK_GLASS_MIN_REASON},
            field="reason",
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            access = BreakGlassAccess.objects.create(
                trajectory=trajectory,
                professional_id=actor.professional_id,
                organisation_id=actor.organisation_id,
                reason=reason,
                opened_at=now,
                expires_at=now + dt.timedelta(hours=settings.WIEG_BREAK_GLASS_HOURS),
                review_due_on=add_working_days(
                    timezone.localdate(now), settings.WIEG_BREAK_GLASS_REVIEW_DAYS
                ),
            )
    except IntegrityError as exc:
        raise _already_open() from exc
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
    _notify_reviewers(
        access,
        subject=lambda: _("Noodtoegang om na te kijken"),
        body=lambda name: (
            _("%(name)s opende een dossier zonder toestemming. Reden: %(reason)s")
            % {"name": name, "reason": access.reason}
        ),
    )
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


def _notify_reviewers(access: BreakGlassAccess, *, subject, body):
    """An in-app message, in each reviewer's own language, for everyone whose queue holds the opening."""
    name = Professional.objects.get(pk=access.professional_id).display_name
    link = reverse("care:review_queue")
    notifications = []
    for reviewer in reviewers_of(access):
        user = reviewer.user
        if user is None:
            continue
        with translation.override(user.preferred_language):
            notifications.append(
                Notification(user=user, subject=str(subject()), body=str(body(name)), link=link)
            )
    Notification.objects.bulk_create(notifications)
    return len(notifications)


@transaction.atomic
def break_glass_review(*, actor, access: BreakGlassAccess, outcome: str, note: str = "") -> BreakGlassAccess:
    """Reviewed by whoever holds the opening in their queue (the organisation's reviewer, or a regional or
    central one), never by the professional who opened it."""
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if not break_glass_queue(actor, open_only=False).filter(pk=access.pk).exists():
        raise Forbidden()
    if outcome not in ReviewOutcome.values:
        raise InvalidInput(_("Kies terecht of niet terecht."), field="outcome")
    if access.reviewed_at is not None:
        raise Conflict(_("Deze noodtoegang is al beoordeeld."))
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


def break_glass_escalate(*, today: dt.date | None = None) -> tuple[int, int]:
    """Escalate every opening still unreviewed after its due day to the regional and central reviewers.

    Idempotent: an opening is escalated once (escalated_at), so a daily run, or two, notify once.
    Returns (openings escalated, openings that no reviewer holds even now).
    """
    today = today or timezone.localdate()
    days = settings.WIEG_BREAK_GLASS_REVIEW_DAYS
    escalated = unheld = 0
    with transaction.atomic():
        for access in BreakGlassAccess.objects.select_for_update().filter(review_due_on__isnull=True):
            opened_on = timezone.localdate(access.opened_at)
            access.review_due_on = add_working_days(opened_on, days)
            access.save(update_fields=["review_due_on"])
    pending = BreakGlassAccess.objects.filter(
        reviewed_at__isnull=True, escalated_at__isnull=True, review_due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            found = (
                BreakGlassAccess.objects.select_for_update(of=("self",))
                .select_related("trajectory")
                .filter(pk=pk, reviewed_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if found is None:  # reviewed or escalated by a parallel run meanwhile
                continue
            access = found
            access.escalated_at = timezone.now()
            access.save(update_fields=["escalated_at"])
            audit.record(
                SYSTEM,
                "update",
                access,
                trajectory=access.trajectory,
                category="contact",
                break_glass=False,
                detail="break-the-glass review escalated",
            )
            notified = _notify_reviewers(
                access,
                subject=lambda: _("Noodtoegang niet op tijd nagekeken"),
                body=lambda name, access=access: (
                    _(
                        "%(name)s opende op %(opened)s een dossier zonder toestemming. Niemand keek dat "
                        "binnen %(days)d werkdagen na. Reden: %(reason)s"
                    )
                    % {
                        "name": name,
                        "opened": timezone.localtime(access.opened_at).strftime("%d/%m/%Y %H:%M"),
                        "days": days,
                        "reason": access.reason,
                    }
                ),
            )
            escalated += 1
            unheld += notified == 0
    return escalated, unheld
