"""Writes: record a screening (score, flags, suggestions), decide on a suggestion, record the action on an
urgent flag. One transaction each, access event inside."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.models import Notification
from wieg.care import audit
from wieg.care.models import CoordinatorAssignment, RiskLevel, Trajectory
from wieg.care.policies import can
from wieg.care.services import trajectory_set_risk_level
from wieg.core.errors import Conflict, Forbidden, InvalidInput

from . import catalogue, scoring, selectors, signals
from .models import (
    Flag,
    FlagLevel,
    Respondent,
    Screening,
    ScreeningRequest,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    pick_label,
)

SELF_SCREENING = catalogue.SELF_REPORT

RISK_ORDER: dict[str, int] = {RiskLevel.LOW.value: 0, RiskLevel.RAISED.value: 1, RiskLevel.HIGH.value: 2}


def _coordinator_user(trajectory: Trajectory):
    assignment = (
        CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True)
        .select_related("professional__user")
        .first()
    )
    return assignment.professional.user if assignment and assignment.professional.user_id else None


def _notify(user, subject: str, body: str = "", link: str = "", *, about: str = "", urgent=False) -> None:
    if user is None:
        return
    Notification.objects.create(
        user=user, subject=subject[:200], body=body, link=link, about=about[:200], urgent=urgent
    )


@transaction.atomic
def screening_record(
    *,
    actor,
    trajectory: Trajectory,
    instrument_code: str,
    answers,
    respondent: str = Respondent.PROFESSIONAL,
    performed_at: dt.datetime | None = None,
) -> Screening:
    """Score the answers with the current version of the instrument, store flags and suggestions."""
    if not can(actor, "psychosocial.change", trajectory):
        raise Forbidden()
    if respondent not in Respondent.values:
        raise InvalidInput(_("Onbekende invuller."), field="respondent")
    return _record(actor, trajectory, instrument_code, answers, respondent, performed_at)


def _record(actor, trajectory, instrument_code, answers, respondent, performed_at=None) -> Screening:
    if instrument_code not in catalogue.INSTRUMENT_CODES:
        raise InvalidInput(_("Kies psychosocial, epds of whooley."), field="instrument")
    instrument = catalogue.instrument(instrument_code)
    # Never score answers given to stand-in wording: the person did not read the real question.
    catalogue.refuse_if_incomplete(instrument, (translation.get_language() or "nl")[:2])
    result = scoring.score(instrument.definition, answers)
    now = timezone.now()
    screening = Screening.objects.create(
        trajectory=trajectory,
        instrument=instrument,
        answers=result.positions,
        score=result.score,
        indicator_scores={k: str(v) for k, v in result.indicator_scores.items()},
        respondent=respondent,
        performed_by_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        entered_by_id=actor.user_id,
        performed_at=performed_at or now,
    )
    flags = Flag.objects.bulk_create(
        Flag(
            screening=screening,
            trajectory=trajectory,
            code=code,
            level=scoring.flag_level(instrument.definition, code),
            raised_at=now,
        )
        for code in result.flags
    )
    audit.record(
        actor,
        "create",
        screening,
        trajectory=trajectory,
        category="psychosocial",
        detail=f"{instrument.code} v{instrument.version}",
        break_glass=False if actor.is_parent else None,
    )
    _suggest(trajectory, screening, {f.code: f.level for f in flags})
    if any(f.level == FlagLevel.URGENT for f in flags):
        _notify_urgent(trajectory, screening)
    elif respondent == Respondent.PARENT and actor.is_parent:
        _notify_filled_in(trajectory, screening)
    signals.screening_recorded.send(
        sender=Screening,
        actor=actor,
        trajectory=trajectory,
        screening=screening,
        moments_done=selectors.moments_done(trajectory),
    )
    return screening


@transaction.atomic
def screening_request(*, actor, trajectory: Trajectory, instrument_code: str) -> ScreeningRequest:
    """The team asks the parent to fill in a self-screening (EPDS or Whooley) in the parents' portal."""
    if not can(actor, "psychosocial.change", trajectory):
        raise Forbidden()
    if instrument_code not in SELF_SCREENING:
        raise InvalidInput(
            _("Ouders vullen zelf alleen de EPDS of de Whooley-vragen in."), field="instrument"
        )
    if ScreeningRequest.objects.filter(
        trajectory=trajectory,
        instrument_code=instrument_code,
        screening__isnull=True,
        cancelled_at__isnull=True,
    ).exists():
        raise Conflict(_("Deze vragenlijst staat al klaar voor het gezin."), field="instrument")
    instrument = catalogue.instrument(instrument_code)
    mother = trajectory.pregnant_person.user
    if mother is not None:
        catalogue.refuse_if_incomplete(instrument, (mother.preferred_language or "nl")[:2])
    request = ScreeningRequest.objects.create(
        trajectory=trajectory, instrument_code=instrument_code, requested_by_id=actor.professional_id
    )
    audit.record(actor, "create", request, trajectory=trajectory, category="psychosocial")
    if mother is not None:
        with translation.override(mother.preferred_language or "nl"):
            _notify(
                mother,
                _("Uw zorgverlener vraagt u een vragenlijst in te vullen: %(name)s")
                % {"name": pick_label(instrument.definition["name"])},
                _("U vindt ze in het ouderportaal. Het invullen duurt een paar minuten."),
                reverse("screening:self_screening", kwargs={"request_id": request.public_id}),
            )
    return request


def _respondent_of(actor, trajectory: Trajectory) -> bool:
    """A self-report is filled in by the person it is about: the pregnant person or mother herself."""
    return (
        actor.is_parent and actor.user_id is not None and trajectory.pregnant_person.user_id == actor.user_id
    )


def open_request(*, actor, trajectory: Trajectory, instrument_code: str) -> ScreeningRequest:
    """The request the team made of this parent for this questionnaire. Conflict when none is open."""
    if not _respondent_of(actor, trajectory):
        raise Forbidden()
    request = (
        ScreeningRequest.objects.filter(
            trajectory=trajectory,
            instrument_code=instrument_code,
            screening__isnull=True,
            cancelled_at__isnull=True,
        )
        .order_by("requested_at", "pk")
        .first()
    )
    if request is None:
        raise Conflict(
            _("Uw zorgverlener heeft u deze vragenlijst niet gevraagd, of u hebt ze al ingevuld."),
            field="questionnaire",
        )
    return request


@transaction.atomic
def self_screening_submit(*, actor, request: ScreeningRequest, answers) -> Screening:
    """A parent answers a self-screening the team asked for. The team sees the result; the parent sees a
    supportive message, and where to find help today if item 10 of the EPDS calls for it."""
    trajectory = request.trajectory
    if not _respondent_of(actor, trajectory) or not can(actor, "self_screening.fill", trajectory):
        raise Forbidden()
    request = ScreeningRequest.objects.select_for_update().get(pk=request.pk)
    if request.screening_id or request.cancelled_at:
        raise Conflict(_("Deze vragenlijst is al ingevuld."))
    if trajectory.status != "active":
        raise Forbidden()
    screening = _record(actor, trajectory, request.instrument_code, answers, Respondent.PARENT)
    request.screening = screening
    request.save(update_fields=["screening"])
    return screening


def _suggest(trajectory: Trajectory, screening: Screening, flags: dict[str, str]) -> list[Suggestion]:
    if not flags:
        return []
    rule_set = catalogue.rule_set()
    prenatal = trajectory.birth_date is None
    fired = scoring.matching_rules(rule_set.rules, flags, prenatal=prenatal)
    # A rule that already has an open or accepted suggestion on this trajectory is not proposed twice.
    taken = set(
        Suggestion.objects.filter(
            trajectory=trajectory, status__in=[SuggestionStatus.OPEN, SuggestionStatus.ACCEPTED]
        ).values_list("rule_key", flat=True)
    )
    suggestions = []
    for rule in fired:
        if rule["key"] in taken:
            continue
        due_by = None
        if rule.get("weeks_before_due"):
            due_by = trajectory.due_date - dt.timedelta(weeks=rule["weeks_before_due"])
        wanted = set(rule["when"].get("any_flags", [])) or set(flags)
        suggestions.append(
            Suggestion(
                trajectory=trajectory,
                screening=screening,
                rule_key=rule["key"],
                rules_version=rule_set.version,
                kind=rule["action"]["kind"],
                action=rule["action"],
                label=rule["label"],
                flag_codes=[code for code in flags if code in wanted],
                due_by=due_by,
            )
        )
    return Suggestion.objects.bulk_create(suggestions)


def _notify_urgent(trajectory: Trajectory, screening: Screening) -> None:
    user = _coordinator_user(trajectory)
    if user is None:
        return
    with translation.override(user.preferred_language or "nl"):
        _notify(
            user,
            _("Dringend: een screening vraagt vandaag nog een beoordeling"),
            _("Open het traject en noteer welke actie ondernomen is."),
            reverse("care:trajectory_detail", kwargs={"trajectory_id": trajectory.public_id}),
            about=trajectory.pregnant_person.display_name,
            urgent=True,
        )


def _notify_filled_in(trajectory: Trajectory, screening: Screening) -> None:
    """The coordinator hears that the parent answered the questionnaire the team asked for."""
    user = _coordinator_user(trajectory)
    if user is None:
        return
    with translation.override(user.preferred_language or "nl"):
        _notify(
            user,
            _("%(name)s vulde de vragenlijst %(questionnaire)s in")
            % {
                "name": trajectory.pregnant_person.display_name,
                "questionnaire": pick_label(screening.instrument.definition["name"]),
            },
            _("Bekijk het resultaat en bespreek het bij het volgende contact."),
            reverse("screening:detail", kwargs={"screening_id": screening.public_id}),
        )


@transaction.atomic
def flag_record_action(*, actor, flag: Flag, action_taken: str) -> Flag:
    """Someone records what was done about an urgent flag: the alert disappears."""
    if not can(actor, "psychosocial.change", flag.trajectory):
        raise Forbidden()
    action_taken = (action_taken or "").strip()
    if not action_taken:
        raise InvalidInput(_("Beschrijf welke actie ondernomen is."), field="action_taken")
    if flag.action_at is not None:
        raise Conflict(_("Voor dit signaal is al een actie genoteerd."))
    flag.action_taken = action_taken
    flag.action_at = timezone.now()
    flag.action_by_id = actor.professional_id
    flag.save(update_fields=["action_taken", "action_at", "action_by"])
    audit.record(
        actor, "update", flag, trajectory=flag.trajectory, category="psychosocial", detail="action taken"
    )
    return flag


@transaction.atomic
def suggestion_decide(*, actor, suggestion: Suggestion, accept: bool, reason: str = "") -> Suggestion:
    """Accept or dismiss. Dismissing needs a reason; accepting a raised risk level sets it on the trajectory.

    Accepting a referral suggestion normally happens by making the referral (wieg.referrals).
    """
    trajectory = suggestion.trajectory
    if not can(actor, "psychosocial.change", trajectory):
        raise Forbidden()
    if suggestion.status != SuggestionStatus.OPEN:
        raise Conflict(_("Over dit voorstel is al beslist."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise InvalidInput(_("Geef een reden om dit voorstel af te wijzen."), field="reason")
    if accept and suggestion.kind == SuggestionKind.RISK_LEVEL:
        wanted = suggestion.action["risk_level"]
        if RISK_ORDER[wanted] > RISK_ORDER[trajectory.risk_level]:
            trajectory_set_risk_level(
                actor=actor,
                trajectory=trajectory,
                risk_level=wanted,
                reason=pick_label(suggestion.label, "nl"),
            )
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DISMISSED
    suggestion.decided_by_id = actor.professional_id
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    audit.record(
        actor,
        "update",
        suggestion,
        trajectory=trajectory,
        category="psychosocial",
        detail=f"suggestion {suggestion.rule_key} {suggestion.status}",
    )
    signals.suggestion_decided.send(
        sender=Suggestion, actor=actor, trajectory=trajectory, suggestion=suggestion
    )
    return suggestion


@transaction.atomic
def suggestions_answered_by_referral(
    *, actor, trajectory: Trajectory, service: str, decided_by_id, reason: str
) -> list[Suggestion]:
    """An accepted referral answers the open suggestions to refer to that service: they are accepted.

    Called by the referral service when the receiver accepts; the receiver need not see psychosocial
    information for that, so no permission is checked here. The referral's sender is the decider."""
    answered = [
        s
        for s in Suggestion.objects.select_for_update()
        .filter(trajectory=trajectory, kind=SuggestionKind.REFERRAL, status=SuggestionStatus.OPEN)
        .order_by("pk")
        if s.service == service
    ]
    now = timezone.now()
    for suggestion in answered:
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.decided_by_id = decided_by_id
        suggestion.decided_at = now
        suggestion.reason = reason
        suggestion.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
        audit.record(
            actor,
            "update",
            suggestion,
            trajectory=trajectory,
            category="psychosocial",
            break_glass=False,
            detail=f"suggestion {suggestion.rule_key} accepted (referral accepted)",
        )
    return answered
