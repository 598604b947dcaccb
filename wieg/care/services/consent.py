import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Organisation, Professional

from .. import audit
from ..models import (
    CATEGORIES,
    Consent,
    ConsentAmendment,
    Exclusion,
    RecordedVia,
    Trajectory,
    categories_text,
)
from ..policies import can
from .trajectories import clean_categories


def _check_via(actor, via: str):
    if via not in RecordedVia.values:
        raise InvalidInput(_("Zeg hoe de toestemming gegeven werd."), field="recorded_via")
    if actor.is_parent and via != RecordedVia.PARENT_PORTAL:
        raise InvalidInput(_("Ouders geven toestemming via het ouderportaal."), field="recorded_via")


def _locked(trajectory: Trajectory) -> Trajectory:
    """Lock the trajectory row first, check afterwards: parallel writes on one family's consent run one
    after the other, and each sees what the one before it did."""
    return Trajectory.objects.select_for_update().get(pk=trajectory.pk)


def _actor_name(actor) -> str:
    user = actor.user
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:200]


def _amend(actor, consent: Consent, categories: list[str], recorded_via: str) -> Consent:
    """Change the categories of an open consent in place, keep the change in its history, log one event."""
    before = consent.categories
    if set(before) == set(categories):
        consent.outcome = "unchanged"
        audit.record(
            actor,
            "read",
            consent,
            trajectory=consent.trajectory,
            category="contact",
            detail="consent unchanged",
            break_glass=False,
        )
        return consent
    for category in CATEGORIES:
        setattr(consent, category, category in categories)
    consent.save(update_fields=list(CATEGORIES))
    amendment = ConsentAmendment.objects.create(
        consent=consent,
        recorded_by_id=actor.user_id,
        recorded_by_name=_actor_name(actor),
        recorded_via=recorded_via,
        categories_before=categories_text(before),
        categories_after=categories_text(categories),
    )
    change = " ".join([f"+{c}" for c in amendment.added] + [f"-{c}" for c in amendment.removed])
    audit.record(
        actor,
        "update",
        consent,
        trajectory=consent.trajectory,
        category="contact",
        detail=f"amended: {change}",
        break_glass=False,
    )
    consent.outcome = "amended"
    return consent


@transaction.atomic
def consent_give(
    *,
    actor,
    trajectory: Trajectory,
    categories,
    recorded_via: str,
    organisation: Organisation | None = None,
    professional: Professional | None = None,
    given_at: dt.datetime | None = None,
) -> Consent:
    """Record consent for an organisation or one professional.

    There is one open consent per organisation (or professional) and trajectory, guarded by the database.
    Giving consent to a subject that already has an open one amends that consent to the categories given
    (docs/adr/0010-one-open-consent-amended-in-place.md): the same consent, one event, its history kept.
    `consent.outcome` tells the caller what happened: "created", "amended" or "unchanged".

    `given_at` keeps the original moment of a consent recorded elsewhere (an import); never in the future.
    """
    trajectory = _locked(trajectory)
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    if (organisation is None) == (professional is None):
        raise InvalidInput(_("Kies een organisatie of één zorgverlener."), field="organisation_id")
    _check_via(actor, recorded_via)
    categories = clean_categories(categories, field="categories")
    subject = {"organisation": organisation} if organisation else {"professional": professional}
    now = timezone.now()
    if given_at and given_at > now:
        raise InvalidInput(_("Toestemming ligt niet in de toekomst."), field="given_at")
    current = Consent.objects.select_for_update().filter(trajectory=trajectory, **subject).active().first()
    if current is not None:
        return _amend(actor, current, categories, recorded_via)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                trajectory=trajectory,
                recorded_via=recorded_via,
                recorded_by_id=actor.user_id,
                given_at=given_at or now,
                **subject,
                **{c: c in categories for c in CATEGORIES},
            )
    except IntegrityError:
        # Where the row lock does not hold (SQLite takes none), the unique index still does: the parallel
        # request that won created the consent, so this one amends it.
        current = Consent.objects.filter(trajectory=trajectory, **subject).active().get()
        return _amend(actor, current, categories, recorded_via)
    audit.record(actor, "create", consent, trajectory=trajectory, category="contact", break_glass=False)
    consent.outcome = "created"
    return consent


@transaction.atomic
def consent_amend(*, actor, consent: Consent, categories, recorded_via: str) -> Consent:
    """Extend or narrow a consent: the same consent with other categories, one access event, a line in its
    history. The contact category always stays: sharing nothing at all is a withdrawal."""
    trajectory = _locked(consent.trajectory)
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    _check_via(actor, recorded_via)
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("organisation", "professional")
        .get(pk=consent.pk)
    )
    if consent.withdrawn_at is not None:
        raise Conflict(_("Deze toestemming is ingetrokken: leg een nieuwe toestemming vast."))
    if "contact" not in (categories or []):
        raise InvalidInput(
            _(
                "De contactgegevens horen altijd bij een toestemming. Wil het gezin niets meer delen met "
                "%(subject)s, trek de toestemming dan in."
            )
            % {"subject": consent.subject},
            field="categories",
        )
    categories = clean_categories(categories, field="categories")
    return _amend(actor, consent, categories, recorded_via)


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, recorded_via: str) -> Consent:
    """Withdrawing ends access at once: the policy reads consent live, nothing is cached."""
    trajectory = _locked(consent.trajectory)
    if not can(actor, "consent.manage", trajectory):
        raise Forbidden()
    _check_via(actor, recorded_via)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
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
