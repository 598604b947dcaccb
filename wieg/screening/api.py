from uuid import UUID

from django.db import transaction
from ninja import Router, Status

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.selectors import trajectory_get
from wieg.core.errors import NotFound

from . import selectors, services
from .models import Flag, Screening, Suggestion
from .schemas import ActionIn, DecisionIn, FlagOut, ScreeningIn, ScreeningList, ScreeningOut, SuggestionOut

router = Router(tags=["screening"])


def _flag(f: Flag, instrument) -> dict:
    return {
        "id": str(f.public_id),
        "code": f.code,
        "level": f.level,
        "label": instrument.flag_label(f.code),
        "action_taken_at": f.action_at,
    }


def _suggestion(s: Suggestion) -> dict:
    return {
        "id": str(s.public_id),
        "rule": s.rule_key,
        "kind": s.kind,
        "action": s.action,
        "label": s.text,
        "flags": s.flag_codes,
        "due_by": s.due_by,
        "status": s.status,
        "reason": s.reason,
    }


def _screening(s: Screening) -> dict:
    return {
        "id": str(s.public_id),
        "trajectory_id": str(s.trajectory.public_id),
        "instrument": s.instrument.code,
        "instrument_version": s.instrument.version,
        "performed_at": s.performed_at,
        "respondent": s.respondent,
        "score": float(s.score),
        "indicator_scores": {k: float(v) for k, v in (s.indicator_scores or {}).items()},
        "answers": s.answers,
        "flags": [_flag(f, s.instrument) for f in s.flags.all()],
        "suggestions": [_suggestion(x) for x in s.suggestions.all()],
    }


def _trajectory(request, trajectory_id, category="psychosocial") -> Trajectory:
    try:
        return trajectory_get(request.actor, trajectory_id, category)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc


@router.post("/trajectories/{uuid:trajectory_id}/screenings", response={201: ScreeningOut})
def screening_create(request, trajectory_id: UUID, payload: ScreeningIn):
    trajectory = _trajectory(request, trajectory_id)
    screening = services.screening_record(
        actor=request.actor,
        trajectory=trajectory,
        instrument_code=payload.instrument,
        answers=payload.answers,
        respondent=payload.respondent,
    )
    screening = selectors.screenings_of(request.actor, trajectory).get(pk=screening.pk)
    return Status(201, _screening(screening))


@router.get("/trajectories/{uuid:trajectory_id}/screenings", response=ScreeningList)
@transaction.atomic
def screening_list(request, trajectory_id: UUID):
    try:
        trajectory = selectors.screening_trajectory_get(request.actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc
    items = list(selectors.screenings_of(request.actor, trajectory))
    audit.record(request.actor, "list", trajectory, category="psychosocial", detail="screenings")
    return {"items": [_screening(s) for s in items], "count": len(items)}


def _decide(request, suggestion_id: UUID, accept: bool, reason: str):
    try:
        suggestion = selectors.suggestion_get(request.actor, suggestion_id, "psychosocial.change")
    except Suggestion.DoesNotExist as exc:
        raise NotFound() from exc
    return _suggestion(
        services.suggestion_decide(actor=request.actor, suggestion=suggestion, accept=accept, reason=reason)
    )


@router.post("/suggestions/{uuid:suggestion_id}/accept", response=SuggestionOut)
def suggestion_accept(request, suggestion_id: UUID, payload: DecisionIn | None = None):
    return _decide(request, suggestion_id, True, payload.reason if payload else "")


@router.post("/suggestions/{uuid:suggestion_id}/dismiss", response=SuggestionOut)
def suggestion_dismiss(request, suggestion_id: UUID, payload: DecisionIn):
    return _decide(request, suggestion_id, False, payload.reason)


@router.post("/flags/{uuid:flag_id}/action", response=FlagOut)
def flag_action(request, flag_id: UUID, payload: ActionIn):
    from wieg.care.policies import scope

    flag = (
        scope(request.actor, "psychosocial.change", Flag.objects.all())
        .select_related("trajectory", "screening__instrument")
        .filter(public_id=flag_id)
        .first()
    )
    if flag is None:
        raise NotFound()
    flag = services.flag_record_action(actor=request.actor, flag=flag, action_taken=payload.action_taken)
    return _flag(flag, flag.screening.instrument)
