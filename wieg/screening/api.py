from typing import Literal
from uuid import UUID

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Status

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.selectors import trajectory_get
from wieg.core.errors import InvalidInput, NotFound

from . import catalogue, selectors, services
from .models import Flag, Screening, Suggestion, pick_label
from .schemas import (
    ActionIn,
    DecisionIn,
    FlagOut,
    QuestionnaireList,
    QuestionnaireOut,
    ScreeningIn,
    ScreeningList,
    ScreeningOut,
    SuggestionOut,
)

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
        "filled_by": s.respondent,
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
    """A professional records a screening; a parent answers the self-report the team asked of her
    (409 when it was not asked, or already answered)."""
    code = payload.questionnaire or payload.instrument
    if code is None:
        raise InvalidInput(_("Kies een vragenlijst: psychosocial, epds of whooley."), field="questionnaire")
    trajectory = _trajectory(request, trajectory_id)
    actor = request.actor
    if actor.is_parent:
        with transaction.atomic():
            asked = services.open_request(actor=actor, trajectory=trajectory, instrument_code=code)
            screening = services.self_screening_submit(actor=actor, request=asked, answers=payload.answers)
    else:
        screening = services.screening_record(
            actor=actor,
            trajectory=trajectory,
            instrument_code=code,
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


# --- the questionnaires themselves (no personal data: no access event) ---------------------------------
Language = Literal["nl", "fr", "en"]


def _summary(instrument) -> dict:
    definition = instrument.definition
    return {
        "key": instrument.code,
        "version": instrument.version,
        "name": pick_label(definition["name"]),
        "loinc": definition.get("loinc"),
        "item_count": len(definition["items"]),
        "self_report": instrument.code in catalogue.SELF_REPORT,
        "fhir_url": catalogue.canonical(instrument.code),
    }


def _flag_rules(definition: dict, language: str) -> list[dict]:
    rules = [{"code": r["flag"], "min_total": r["min"]} for r in definition.get("total_flags", [])] + [
        {"code": r["flag"], "item": r["item"], "min_item_score": r["min_points"]}
        for r in definition.get("item_flags", [])
    ]
    rules += [
        {"code": i["flag"], "item": None, "min_total": i["threshold"]}
        for i in definition.get("indicators", [])
    ]
    for rule in rules:
        flag = definition["flags"][rule["code"]]
        rule.update(level=flag["level"], label=pick_label(flag["label"], language))
    return rules


@router.get("/questionnaires", response=QuestionnaireList)
def questionnaire_list(request):
    items = [_summary(catalogue.instrument(code)) for code in catalogue.INSTRUMENT_CODES]
    return {"items": items, "count": len(items)}


@router.get("/questionnaires/{key}", response=QuestionnaireOut)
def questionnaire_detail(request, key: str, language: Language | None = None):
    """Items in printed order with their answers in the requested language, each with its score.

    409 when a text in that language is a stand-in: a form is never built on placeholder answers."""
    if key not in catalogue.INSTRUMENT_CODES:
        raise NotFound()
    language = language or (get_language() or "nl")[:2]
    if language not in catalogue.LANGUAGES:
        language = "nl"
    instrument = catalogue.instrument(key)
    catalogue.refuse_if_incomplete(instrument, language)
    printed = catalogue.questionnaire(instrument, language)
    return {
        **_summary(instrument),
        "name": printed["name"],
        "language": language,
        "instructions": printed["instructions"],
        "period": printed["period"],
        "citation": printed["citation"],
        "items": [
            {
                "key": item["key"],
                "number": item["number"],
                "text": item["text"],
                "scoring": item["scoring"],
                "indicator": item["indicator"],
                "conditional": bool(item["asked_if"]),
                "counts": item["counts"],
                "answers": [
                    {"position": o["position"], "code": o["code"], "text": o["text"], "score": o["score"]}
                    for o in item["options"]
                ],
            }
            for item in printed["items"]
        ],
        "flags": _flag_rules(instrument.definition, language),
    }
