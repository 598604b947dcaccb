from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Organisation, Professional

from .. import audit
from ..models import CATEGORIES, Consent, Exclusion, RecordedVia, Trajectory
from ..policies import can


def _check_via(actor, via: str):
    if via not in RecordedVia.values:
        raise InvalidInput(_("Zeg hoe de toestemming gegeven werd."), field="recorded_via")
    if actor.is_parent and via != RecordedVia.PARENT_PORTAL:
        raise InvalidInput(_("Ouders geven toestemming via het ouderportaal."), field="recorded_via")


@transaction.atomic
def consent_give(
    *,
    actor,
    trajectory: Trajectory,
    categories,
    recorded_via: str,
    organisation: Organisation | None = None,
    professional: Professional | None = None,
) -> Consent:
    """Record consent for an organisation or one professional. A new consent replaces the open one."""
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    if (organisation is None) == (professional is None):
        raise InvalidInput(_("Kies een organisatie of één zorgverlener."), field="organisation_id")
    _check_via(actor, recorded_via)
    categories = list(dict.fromkeys(categories or []))
    unknown = [c for c in categories if c not in CATEGORIES]
    if not categories or unknown:
        raise InvalidInput(_("Kies minstens één geldige categorie."), field="categories")
    subject = {"organisation": organisation} if organisation else {"professional": professional}
    now = timezone.now()
    for previous in Consent.objects.active().filter(trajectory=trajectory, **subject):
        previous.withdrawn_at = now
        previous.withdrawn_via = recorded_via
        previous.withdrawn_by_id = actor.user_id
        previous.save(update_fields=["withdrawn_at", "withdrawn_via", "withdrawn_by"])
        audit.record(
            actor,
            "update",
            previous,
            trajectory=trajectory,
            category="contact",
            detail="replaced by a new consent",
            break_glass=False,
        )
    consent = Consent.objects.create(
        trajectory=trajectory,
        recorded_via=recorded_via,
        recorded_by_id=actor.user_id,
        given_at=now,
        **subject,
        **{c: c in categories for c in CATEGORIES},
    )
    audit.record(actor, "create", consent, trajectory=trajectory, category="contact", break_glass=False)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, recorded_via: str) -> Consent:
    """Withdrawing ends access at once: the policy reads consent live, nothing is cached."""
    trajectory = consent.trajectory
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    _check_via(actor, recorded_via)
    if consent.withdrawn_at is not None:
        raise Conflict(_("Deze toestemming is al ingetrokken."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_via = recorded_via
    consent.withdrawn_by_id = actor.user_id
    consent.save(update_fields=["withdrawn_at", "withdrawn_via", "withdrawn_by"])
    audit.record(
        actor,
        "update",
        consent,
        trajectory=trajectory,
        category="contact",
        detail="withdrawn",
        break_glass=False,
    )
    return consent


@transaction.atomic
def exclusion_add(
    *, actor, trajectory: Trajectory, professional: Professional, recorded_via: str
) -> Exclusion:
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    _check_via(actor, recorded_via)
    if Exclusion.objects.filter(
        trajectory=trajectory, professional=professional, lifted_at__isnull=True
    ).exists():
        raise Conflict(_("Deze zorgverlener is al uitgesloten."), field="professional_id")
    if trajectory.coordinator_assignments.filter(professional=professional, end__isnull=True).exists():
        raise Conflict(
            _("Dit is de zorgcoördinator: kies eerst samen een andere zorgcoördinator."),
            field="professional_id",
        )
    exclusion = Exclusion.objects.create(
        trajectory=trajectory,
        professional=professional,
        recorded_by_id=actor.user_id,
        recorded_via=recorded_via,
    )
    audit.record(actor, "create", exclusion, trajectory=trajectory, category="contact", break_glass=False)
    return exclusion


@transaction.atomic
def exclusion_lift(*, actor, exclusion: Exclusion) -> Exclusion:
    if not can(actor, "consent.manage", exclusion.trajectory):
        raise Forbidden()
    if exclusion.lifted_at:
        raise Conflict(_("Deze uitsluiting is al opgeheven."))
    exclusion.lifted_at = timezone.now()
    exclusion.save(update_fields=["lifted_at"])
    audit.record(
        actor, "update", exclusion, trajectory=exclusion.trajectory, category="contact", break_glass=False
    )
    return exclusion
