"""Registrations for activities: capacity is respected, the rest waits and moves up on a cancellation."""

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.actor import SYSTEM
from wieg.accounts.models import Notification
from wieg.care import audit
from wieg.care.models import Person, Trajectory
from wieg.care.policies import can
from wieg.core.errors import Conflict, Forbidden, InvalidInput

from ..models import Activity, RegisteredVia, Registration, RegistrationStatus, Session

MAX_SEATS = 10


def _taken(activity: Activity) -> int:
    return (
        Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).aggregate(
            n=Sum("seats")
        )["n"]
        or 0
    )


def _may_register(actor, trajectory: Trajectory) -> bool:
    if trajectory.status != "active":
        return False
    if actor.is_parent:
        return can(actor, "contact.view", trajectory)
    # A professional registers a family as a step in its care plan.
    return can(actor, "care_plan.change", trajectory)


def _may_cancel(actor, registration: Registration) -> bool:
    from .activities import can_manage_centre

    if can_manage_centre(actor, registration.activity.centre):
        return True
    return _may_register(actor, registration.trajectory)


@transaction.atomic
def registration_create(
    *, actor, activity: Activity, trajectory: Trajectory, seats: int = 1, via: str | None = None
) -> Registration:
    if not _may_register(actor, trajectory):
        raise Forbidden()
    via = via or (RegisteredVia.PARENT_PORTAL if actor.is_parent else RegisteredVia.TRAJECTORY)
    if via not in RegisteredVia.values or (actor.is_parent and via == RegisteredVia.TRAJECTORY):
        raise InvalidInput(_("Ongeldig kanaal."), field="via")
    if not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise InvalidInput(_("Schrijf 1 tot %(n)s personen in.") % {"n": MAX_SEATS}, field="seats")
    # Lock the activity: two registrations for the last place are decided one after the other.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != "published":
        raise Conflict(_("Deze activiteit gaat niet door."), field="activity")
    if not activity.registration_required:
        raise Conflict(
            _("Voor deze activiteit hoeft u niet in te schrijven: kom gewoon langs."), field="activity"
        )
    if not Session.objects.upcoming().filter(activity=activity).exists():
        raise Conflict(_("Deze activiteit is voorbij."), field="activity")
    if Registration.objects.open().filter(activity=activity, trajectory=trajectory).exists():
        raise Conflict(_("Dit gezin is al ingeschreven voor deze activiteit."), field="activity")
    someone_waiting = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.WAITING
    ).exists()
    fits = activity.capacity is None or _taken(activity) + seats <= activity.capacity
    status = RegistrationStatus.CONFIRMED if fits and not someone_waiting else RegistrationStatus.WAITING
    registration = Registration.objects.create(
        activity=activity,
        trajectory=trajectory,
        seats=seats,
        status=status,
        registered_via=via,
        registered_by_id=actor.user_id,
    )
    audit.record(
        actor,
        "create",
        registration,
        trajectory=trajectory,
        category="contact",
        detail=f"activity registration: {status}",
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    registration = Registration.objects.select_related("activity__centre", "trajectory").get(
        pk=registration.pk
    )
    if not _may_cancel(actor, registration):
        raise Forbidden()
    if registration.status == RegistrationStatus.CANCELLED:
        raise Conflict(_("Deze inschrijving is al geannuleerd."))
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.record(
        actor,
        "update",
        registration,
        trajectory=registration.trajectory,
        category="contact",
        detail="activity registration cancelled",
        break_glass=False,
    )
    promote_waiting(activity)
    return registration


def promote_waiting(activity: Activity) -> list[Registration]:
    """Move families up from the waiting list, first come first served, as long as their party fits.

    Runs inside the caller's transaction with the activity locked. Logged as the system, so that a family's
    access log never shows who else cancelled.
    """
    free = None if activity.capacity is None else activity.capacity - _taken(activity)
    promoted = []
    waiting = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.WAITING
    ).select_related("trajectory")
    for registration in waiting.order_by("created_at", "pk"):
        if free is not None and registration.seats > free:
            continue
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit.record(
            SYSTEM,
            "update",
            registration,
            trajectory=registration.trajectory,
            category="contact",
            detail="promoted from the waiting list",
            break_glass=False,
        )
        promoted.append(registration)
        if free is not None:
            free -= registration.seats
    _notify_promoted(activity, promoted)
    return promoted


def _notify_promoted(activity: Activity, registrations: list[Registration]) -> None:
    if not registrations:
        return
    family_ids = [r.trajectory.family_id for r in registrations]
    parents = Person.objects.filter(
        family_id__in=family_ids, user__isnull=False, user__is_active=True
    ).select_related("user")
    notifications = []
    for person in parents:
        user = person.user
        if user is None:
            continue
        with translation.override(user.preferred_language):
            notifications.append(
                Notification(
                    user=user,
                    subject=_("Er is een plaats vrij voor u: %(title)s") % {"title": activity.display_title},
                    body=_("U stond op de wachtlijst. U bent nu ingeschreven."),
                    link=reverse("network:activity_detail", args=[activity.public_id]),
                )
            )
    Notification.objects.bulk_create(notifications)
