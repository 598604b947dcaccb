r"""The referral lifecycle. One transaction per step; every step is a ReferralStep and an AccessEvent.

waiting_for_consent -> sent -> accepted -> in_progress -> completed
                             \-> declined (the sender may refer elsewhere)
any open status -> cancelled (by the sender's side)
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.actor import SYSTEM
from wieg.accounts.models import Notification
from wieg.care import audit
from wieg.care.models import CATEGORIES, CareTeamMember, Category, Consent, Trajectory
from wieg.care.policies import can
from wieg.care.services import coordinator_handover, team_member_add
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.core.workdays import add_working_days
from wieg.directory.models import Membership, Organisation, Professional
from wieg.screening.models import Flag, Suggestion, SuggestionStatus
from wieg.screening.services import suggestion_decide, suggestions_answered_by_referral

from . import catalogue, signals
from .models import OPEN_STATUSES, Referral, ReferralStep, Status, Urgency

MATERNITY_HOME_CARE = "maternity_home_care"
CATEGORY_LABELS = dict(Category.choices)


def missing_categories(trajectory: Trajectory, organisation_id: int, categories=("contact",)) -> list[str]:
    """The categories of `categories` that no active consent of the family for the organisation covers."""
    given = set()
    for consent in Consent.objects.active().filter(trajectory=trajectory, organisation_id=organisation_id):
        given.update(consent.categories)
    return [c for c in CATEGORIES if c in categories and c not in given]


def missing_for_waiting(referrals) -> dict[int, list[str]]:
    """For each referral still waiting for consent, the categories missing: one query for a whole list."""
    waiting = [r for r in referrals if r.status == Status.WAITING_FOR_CONSENT]
    if not waiting:
        return {}
    given: dict[tuple[int, int], set[str]] = {}
    consents = Consent.objects.active().filter(
        trajectory_id__in={r.trajectory_id for r in waiting},
        organisation_id__in={r.to_organisation_id for r in waiting},
    )
    for consent in consents:
        given.setdefault((consent.trajectory_id, consent.organisation_id), set()).update(consent.categories)
    return {
        r.pk: [
            c
            for c in CATEGORIES
            if c in catalogue.consent_categories(r.service)
            and c not in given.get((r.trajectory_id, r.to_organisation_id), set())
        ]
        for r in waiting
    }


def has_consent(trajectory: Trajectory, organisation_id: int, categories=("contact",)) -> bool:
    return not missing_categories(trajectory, organisation_id, categories)


def _step(actor, referral: Referral, note: str = "", *, reminder: bool = False) -> None:
    ReferralStep.objects.create(
        referral=referral,
        status=referral.status,
        professional_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        note=note,
        reminder=reminder,
    )


def _audit(actor, referral: Referral, action: str, detail: str) -> None:
    # The receiver acts on the referral, not on the file: the break-the-glass lookup does not apply.
    audit.record(
        actor,
        action,
        referral,
        trajectory=referral.trajectory,
        category="care_plan",
        detail=detail,
        break_glass=False,
    )


def _link(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.public_id})


def _notify_users(users, subject, body="", link="", *, about="", urgent=False):
    """Each message in its recipient's language: subject and body are callables run under that language."""
    for user in users:
        if user is None:
            continue
        with translation.override(user.preferred_language or "nl"):
            Notification.objects.create(
                user=user,
                subject=str(subject())[:200],
                body=str(body()) if body else "",
                link=link,
                about=about[:200],
                urgent=urgent,
            )


def _sender_user(referral: Referral):
    return referral.from_professional.user


def _receiver_users(referral: Referral):
    memberships = (
        Membership.objects.active()
        .filter(organisation_id=referral.to_organisation_id, professional__user__isnull=False)
        .select_related("professional__user")
    )
    return [m.professional.user for m in memberships]


def _check_receiver(actor, referral: Referral) -> Professional:
    if not actor.is_professional or referral.to_organisation_id not in actor.organisation_ids:
        raise Forbidden()
    if referral.status == Status.WAITING_FOR_CONSENT:
        raise Forbidden()
    return Professional.objects.get(pk=actor.professional_id)


def _check_sender_side(actor, referral: Referral) -> None:
    # The receiver, once on the team, may change the care plan but answers the referral instead of cancelling.
    if referral.to_organisation_id in actor.organisation_ids or not can(
        actor, "care_plan.change", referral.trajectory
    ):
        raise Forbidden()


def _clean_maternity_care(trajectory: Trajectory, hours, start):
    spec = catalogue.services()[MATERNITY_HOME_CARE]["maternity_home_care"]
    hours = spec["default_hours"] if hours in (None, "") else hours
    if (
        isinstance(hours, bool)
        or not isinstance(hours, int)
        or not spec["min_hours"] <= hours <= spec["max_hours"]
    ):
        raise InvalidInput(
            _("Vraag tussen %(min)s en %(max)s uren.") % {"min": spec["min_hours"], "max": spec["max_hours"]},
            field="details.requested_hours",
        )
    anchor = trajectory.birth_date or trajectory.due_date
    start = start or anchor
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError as exc:
            raise InvalidInput(_("Geef een datum (JJJJ-MM-DD)."), field="details.start") from exc
    low, high = (anchor + dt.timedelta(days=d) for d in spec["start_window_days"])
    if not low <= start <= high:
        raise InvalidInput(
            _("Kraamzorg start rond de uitgerekende datum: tussen %(low)s en %(high)s.")
            % {"low": low.strftime("%d/%m/%Y"), "high": high.strftime("%d/%m/%Y")},
            field="details.start",
        )
    return hours, start


@transaction.atomic
def referral_create(
    *,
    actor,
    trajectory: Trajectory,
    to_organisation: Organisation,
    service: str,
    reason: str,
    urgency: str = Urgency.ROUTINE,
    details: dict | None = None,
    flags=(),
    suggestion: Suggestion | None = None,
    previous: Referral | None = None,
) -> Referral:
    """Refer the family. Without the family's consent for the receiving organisation, it waits and says so."""
    if not actor.is_professional or not can(actor, "care_plan.change", trajectory):
        raise Forbidden()
    spec = catalogue.service(service)
    if spec is None:
        raise InvalidInput(_("Kies een dienst."), field="service")
    if urgency not in Urgency.values:
        raise InvalidInput(_("Kies gewoon, binnenkort of dringend."), field="urgency")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Geef een reden voor de doorverwijzing."), field="reason")
    if not to_organisation.active or to_organisation.kind not in spec["organisation_kinds"]:
        raise InvalidInput(_("Deze organisatie biedt deze dienst niet aan."), field="to_organisation_id")
    if actor.organisation_id == to_organisation.pk:
        raise InvalidInput(_("Verwijs door naar een andere organisatie."), field="to_organisation_id")
    details = dict(details or {})
    hours = start = None
    if service == MATERNITY_HOME_CARE:
        hours, start = _clean_maternity_care(
            trajectory, details.pop("requested_hours", None), details.pop("start", None)
        )
    if Referral.objects.filter(
        trajectory=trajectory, to_organisation=to_organisation, service=service, status__in=OPEN_STATUSES
    ).exists():
        raise Conflict(
            _("Er loopt al een doorverwijzing voor deze dienst naar deze organisatie."),
            field="to_organisation_id",
        )
    flags = list(flags)
    if suggestion is not None:
        if suggestion.trajectory_id != trajectory.pk:
            raise InvalidInput(_("Dit voorstel hoort bij een ander traject."), field="suggestion_id")
        flags += list(
            Flag.objects.filter(screening_id=suggestion.screening_id, code__in=suggestion.flag_codes)
        )
    if flags and not can(actor, "psychosocial.view", trajectory):
        raise Forbidden()
    if any(f.trajectory_id != trajectory.pk for f in flags):
        raise InvalidInput(_("Dit signaal hoort bij een ander traject."), field="flags")

    consent = has_consent(trajectory, to_organisation.pk, catalogue.consent_categories(service))
    now = timezone.now()
    referral = Referral.objects.create(
        trajectory=trajectory,
        service=service,
        from_professional_id=actor.professional_id,
        from_organisation_id=actor.organisation_id,
        to_organisation=to_organisation,
        reason=reason,
        urgency=urgency,
        requested_hours=hours,
        requested_start=start,
        details=details,
        suggestion=suggestion,
        previous=previous,
        status=Status.SENT if consent else Status.WAITING_FOR_CONSENT,
        sent_at=now if consent else None,
    )
    if flags:
        referral.flags.set(flags)
    _step(actor, referral)
    _audit(actor, referral, "create", f"referral {service} {referral.status}")
    if suggestion is not None and suggestion.status == SuggestionStatus.OPEN:
        suggestion_decide(
            actor=actor,
            suggestion=suggestion,
            accept=True,
            reason=_("Doorverwezen naar %(org)s") % {"org": to_organisation.name},
        )
    if consent:
        _tell_receiver(referral)
    return referral


def _tell_receiver(referral: Referral) -> None:
    _notify_users(
        _receiver_users(referral),
        lambda: _("Nieuwe doorverwijzing: %(service)s") % {"service": referral.service_label},
        lambda: _("Dringendheid: %(urgency)s") % {"urgency": referral.get_urgency_display()},
        _link(referral),
        about=referral.trajectory.pregnant_person.display_name,
        urgent=referral.urgency == Urgency.URGENT,
    )


@transaction.atomic
def referrals_send_waiting(*, trajectory: Trajectory, organisation_id: int, actor=SYSTEM) -> list[Referral]:
    """Send what waited for consent, now that the family gave it. Called when consent is recorded."""
    waiting = [
        referral
        for referral in Referral.objects.select_for_update().filter(
            trajectory=trajectory, to_organisation_id=organisation_id, status=Status.WAITING_FOR_CONSENT
        )
        if has_consent(trajectory, organisation_id, catalogue.consent_categories(referral.service))
    ]
    now = timezone.now()
    for referral in waiting:
        referral.status = Status.SENT
        referral.sent_at = now
        referral.save(update_fields=["status", "sent_at", "updated_at"])
        _step(actor, referral, _("Het gezin gaf toestemming."))
        _audit(actor, referral, "update", "referral sent after consent")
        _tell_receiver(referral)
    return waiting


def _missing_consent(referral: Referral, professional: Professional) -> None:
    """Joining the team needs the family's consent for that organisation: name what is missing, and for
    whom, so that the page can offer to record it."""
    needed = catalogue.consent_categories(referral.service)
    missing = missing_categories(referral.trajectory, referral.to_organisation_id, needed)
    if missing:
        labels = ", ".join(str(CATEGORY_LABELS[c]) for c in missing)
        raise Conflict(
            _("Het gezin gaf %(org)s geen toestemming voor: %(categories)s. Leg die toestemming eerst vast.")
            % {"org": referral.to_organisation.name, "categories": labels},
            field="professional_id",
        )


def coordinator_candidates(referral: Referral):
    """Who may be named coordinator on accepting an intake: the receiving organisation's professionals."""
    return Professional.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation_id=referral.to_organisation_id)
        .values("professional_id")
    ).order_by("family_name", "given_name", "pk")


@transaction.atomic
def referral_accept(
    *, actor, referral: Referral, note: str = "", coordinator: Professional | None = None
) -> Referral:
    """The receiving professional accepts and joins the care team (the family's consent is the basis).

    An intake (a service that names the coordinator) makes `coordinator` (by default the one who accepts)
    the trajectory's coordinator and a team member in the same step.
    """
    professional = _check_receiver(actor, referral)
    if referral.status != Status.SENT:
        raise Conflict(_("Alleen een verstuurde doorverwijzing kan aanvaard worden."))
    intake = catalogue.names_coordinator(referral.service)
    if coordinator is not None and not intake:
        raise InvalidInput(_("Alleen een aanmelding duidt een zorgcoördinator aan."), field="professional_id")
    if intake:
        coordinator = coordinator or professional
        if not coordinator_candidates(referral).filter(pk=coordinator.pk).exists():
            raise InvalidInput(
                _("Kies een zorgverlener van %(org)s.") % {"org": referral.to_organisation.name},
                field="professional_id",
            )
        _missing_consent(referral, coordinator)
        coordinator_handover(
            actor=actor,
            trajectory=referral.trajectory,
            professional=coordinator,
            organisation_id=referral.to_organisation_id,
            initial=True,
        )
        referral.coordinator = coordinator
        if not note:
            note = _("Zorgcoördinator: %(name)s") % {"name": coordinator.display_name}
    else:
        _missing_consent(referral, professional)
        role = catalogue.services()[referral.service]["team_role"]
        already = CareTeamMember.objects.active().filter(
            trajectory=referral.trajectory, professional=professional
        )
        if not already.exists():
            team_member_add(
                actor=actor,
                trajectory=referral.trajectory,
                professional=professional,
                role=role,
                organisation_id=referral.to_organisation_id,
                via_referral=True,
            )
    referral.status = Status.ACCEPTED
    referral.answered_at = timezone.now()
    referral.handled_by = professional
    referral.save(update_fields=["status", "answered_at", "handled_by", "coordinator", "updated_at"])
    _step(actor, referral, note)
    _audit(actor, referral, "update", "referral accepted")
    # What asked for this referral is answered now, even when the referral was not made from it.
    suggestions_answered_by_referral(
        actor=actor,
        trajectory=referral.trajectory,
        service=referral.service,
        decided_by_id=referral.from_professional_id,
        reason=_("Doorverwezen naar %(org)s, die aanvaardde.") % {"org": referral.to_organisation.name},
    )
    signals.referral_accepted.send(
        sender=Referral, actor=actor, trajectory=referral.trajectory, referral=referral
    )
    if intake:
        subject = lambda: (  # noqa: E731 - run under the recipient's language
            _("%(org)s aanvaardde de aanmelding: %(name)s is de zorgcoördinator")
            % {"org": referral.to_organisation.name, "name": referral.coordinator.display_name}
        )
    else:
        subject = lambda: (  # noqa: E731
            _("%(org)s aanvaardde de doorverwijzing (%(service)s)")
            % {"org": referral.to_organisation.name, "service": referral.service_label}
        )
    _notify_users([_sender_user(referral)], subject, None, _link(referral))
    return referral


@transaction.atomic
def referral_decline(*, actor, referral: Referral, reason: str) -> Referral:
    _check_receiver(actor, referral)
    if referral.status != Status.SENT:
        raise Conflict(_("Alleen een verstuurde doorverwijzing kan geweigerd worden."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Geef een reden om te weigeren."), field="reason")
    referral.status = Status.DECLINED
    referral.answered_at = timezone.now()
    referral.handled_by_id = actor.professional_id
    referral.decline_reason = reason
    referral.save(update_fields=["status", "answered_at", "handled_by", "decline_reason", "updated_at"])
    _step(actor, referral, reason)
    _audit(actor, referral, "update", "referral declined")
    _notify_users(
        [_sender_user(referral)],
        lambda: (
            _("%(org)s weigerde de doorverwijzing (%(service)s)")
            % {"org": referral.to_organisation.name, "service": referral.service_label}
        ),
        lambda: (
            _("Reden: %(reason)s. U kunt het gezin naar een andere organisatie doorverwijzen.")
            % {"reason": reason}
        ),
        _link(referral),
    )
    return referral


@transaction.atomic
def referral_start(*, actor, referral: Referral, note: str = "") -> Referral:
    _check_receiver(actor, referral)
    if referral.status != Status.ACCEPTED:
        raise Conflict(_("Start een doorverwijzing pas nadat ze aanvaard is."))
    referral.status = Status.IN_PROGRESS
    referral.started_at = timezone.now()
    referral.save(update_fields=["status", "started_at", "updated_at"])
    _step(actor, referral, note)
    _audit(actor, referral, "update", "referral started")
    return referral


@transaction.atomic
def referral_complete(*, actor, referral: Referral, outcome: str) -> Referral:
    _check_receiver(actor, referral)
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS):
        raise Conflict(_("Alleen een aanvaarde of lopende doorverwijzing kan afgerond worden."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise InvalidInput(_("Beschrijf het resultaat."), field="outcome")
    referral.status = Status.COMPLETED
    referral.completed_at = timezone.now()
    referral.outcome = outcome
    referral.save(update_fields=["status", "completed_at", "outcome", "updated_at"])
    _step(actor, referral, outcome)
    _audit(actor, referral, "update", "referral completed")
    _notify_users(
        [_sender_user(referral)],
        lambda: _("Doorverwijzing afgerond (%(service)s)") % {"service": referral.service_label},
        None,
        _link(referral),
    )
    return referral


@transaction.atomic
def referral_cancel(*, actor, referral: Referral, reason: str = "") -> Referral:
    _check_sender_side(actor, referral)
    if referral.status not in OPEN_STATUSES:
        raise Conflict(_("Deze doorverwijzing is al afgesloten."))
    was_sent = referral.status != Status.WAITING_FOR_CONSENT
    referral.status = Status.CANCELLED
    referral.cancelled_at = timezone.now()
    referral.cancel_reason = (reason or "").strip()
    referral.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    _step(actor, referral, referral.cancel_reason)
    _audit(actor, referral, "update", "referral cancelled")
    if was_sent:
        _notify_users(
            _receiver_users(referral),
            lambda: _("Doorverwijzing geannuleerd (%(service)s)") % {"service": referral.service_label},
            None,
            _link(referral),
        )
    return referral


def answer_due_on(referral: Referral) -> dt.date | None:
    if referral.sent_at is None:
        return None
    days = catalogue.answer_within_working_days(referral.urgency)
    return add_working_days(timezone.localdate(referral.sent_at), days)


@transaction.atomic
def referrals_remind(*, today: dt.date | None = None, working_days: int | None = None) -> list[Referral]:
    """Remind the receiver and tell the sender about referrals not answered in time (Belgian working days).

    A referral is reminded again only after the same number of working days has passed since the last
    reminder. `working_days` overrides the per-urgency answer times of the data file.
    """
    today = today or timezone.localdate()
    reminded = []
    pending = Referral.objects.filter(status=Status.SENT, sent_at__isnull=False).select_related(
        "to_organisation", "from_professional__user", "trajectory"
    )
    for referral in pending:
        days = (
            working_days
            if working_days is not None
            else catalogue.answer_within_working_days(referral.urgency)
        )
        since = referral.last_reminded_on or timezone.localdate(referral.sent_at)
        if add_working_days(since, days) > today:
            continue
        referral.last_reminded_on = today
        referral.save(update_fields=["last_reminded_on", "updated_at"])
        _step(SYSTEM, referral, _("Herinnering: nog niet beantwoord."), reminder=True)
        _audit(SYSTEM, referral, "update", "referral reminder")
        _notify_users(
            _receiver_users(referral),
            lambda r=referral: (
                _("Herinnering: doorverwijzing wacht op antwoord (%(service)s)")
                % {"service": r.service_label}
            ),
            None,
            _link(referral),
        )
        _notify_users(
            [_sender_user(referral)],
            lambda r=referral: (
                _("%(org)s heeft uw doorverwijzing nog niet beantwoord (%(service)s)")
                % {"org": r.to_organisation.name, "service": r.service_label}
            ),
            None,
            _link(referral),
        )
        reminded.append(referral)
    return reminded
