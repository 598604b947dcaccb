from uuid import UUID

from django.db import transaction
from ninja import Router, Status

from wieg.care import audit
from wieg.care.consent_needs import consent_need
from wieg.care.models import Trajectory
from wieg.care.selectors import trajectory_get
from wieg.core.errors import InvalidInput, NotFound
from wieg.directory.models import Organisation
from wieg.screening.models import Flag, Suggestion

from . import selectors, services
from .models import Referral
from .schemas import NoteIn, OutcomeIn, ReasonIn, ReferralIn, ReferralList, ReferralOut

router = Router(tags=["referrals"])


def _org(o) -> dict:
    return {"id": str(o.public_id), "name": o.name, "kind": o.kind}


def _waiting_for(r) -> dict | None:
    """Which organisation's consent the referral waits for, and which categories it lacks."""
    if r.status != "waiting_for_consent":
        return None
    need = consent_need(r.trajectory, r.to_organisation, [])
    return need.as_dict() if need else None


def referral_out(actor, r: Referral, *, with_steps: bool = False, flags_visible: bool | None = None) -> dict:
    receiver = (
        r.to_organisation_id in actor.organisation_ids
        and r.from_organisation_id not in actor.organisation_ids
    )
    if flags_visible is None:
        flags_visible = selectors.receiver_sees_flags(r) if receiver else True
    out = {
        "id": str(r.public_id),
        "trajectory_id": str(r.trajectory.public_id),
        "family_name": r.trajectory.pregnant_person.display_name,
        "service": r.service,
        "service_label": r.service_label,
        "status": r.status,
        "fhir_task_status": r.fhir_task_status,
        "urgency": r.urgency,
        "reason": r.reason,
        "waiting_for_consent": r.status == "waiting_for_consent",
        "waiting_for": _waiting_for(r),
        "from_professional": r.from_professional.display_name,
        "from_organisation": _org(r.from_organisation),
        "to_organisation": _org(r.to_organisation),
        "requested_hours": r.requested_hours,
        "requested_start": r.requested_start,
        "details": r.details,
        "flags": [f.code for f in r.flags.all()] if flags_visible and with_steps else None,
        "created_at": r.created_at,
        "sent_at": r.sent_at,
        "answered_at": r.answered_at,
        "answer_due_on": services.answer_due_on(r) if r.status == "sent" else None,
        "decline_reason": r.decline_reason,
        "outcome": r.outcome,
        "previous_id": str(r.previous.public_id) if r.previous_id else None,
    }
    if with_steps:
        out["steps"] = [
            {
                "at": s.at,
                "status": s.status,
                "by": s.professional.display_name if s.professional else None,
                "organisation": s.organisation.name if s.organisation else None,
                "note": s.note,
                "reminder": s.reminder,
            }
            for s in r.steps.all()
        ]
    return out


def _get(request, referral_id) -> Referral:
    try:
        return selectors.referral_get(request.actor, referral_id)
    except Referral.DoesNotExist as exc:
        raise NotFound() from exc


@router.post("/trajectories/{uuid:trajectory_id}/referrals", response={201: ReferralOut})
def referral_create(request, trajectory_id: UUID, payload: ReferralIn):
    actor = request.actor
    try:
        trajectory = trajectory_get(actor, trajectory_id, "care_plan")
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc
    organisation = Organisation.objects.filter(public_id=payload.to_organisation_id).first()
    if organisation is None:
        raise InvalidInput("Unknown organisation.", field="to_organisation_id")
    suggestion = None
    if payload.suggestion_id:
        suggestion = Suggestion.objects.filter(public_id=payload.suggestion_id, trajectory=trajectory).first()
        if suggestion is None:
            raise InvalidInput("Unknown suggestion.", field="suggestion_id")
    flags = list(Flag.objects.filter(public_id__in=payload.flag_ids, trajectory=trajectory))
    if len(flags) != len(set(payload.flag_ids)):
        raise InvalidInput("Unknown flag.", field="flag_ids")
    previous = None
    if payload.previous_id:
        previous = Referral.objects.filter(public_id=payload.previous_id, trajectory=trajectory).first()
        if previous is None:
            raise InvalidInput("Unknown referral.", field="previous_id")
    referral = services.referral_create(
        actor=actor,
        trajectory=trajectory,
        to_organisation=organisation,
        service=payload.service,
        reason=payload.reason,
        urgency=payload.urgency,
        details=payload.details,
        flags=flags,
        suggestion=suggestion,
        previous=previous,
    )
    created = selectors.referral_get(actor, referral.public_id)
    return Status(201, referral_out(actor, created, with_steps=True))


@router.get("/referrals", response=ReferralList)
@transaction.atomic
def referral_list(
    request, box: str = "incoming", status: str | None = None, limit: int = 50, offset: int = 0
):
    if box not in ("incoming", "outgoing"):
        raise InvalidInput("box: incoming | outgoing", field="box")
    if not 1 <= limit <= 200 or offset < 0:
        raise InvalidInput("limit: 1-200, offset >= 0", field="limit")
    actor = request.actor
    qs = selectors.referral_list(actor, box)
    if status:
        qs = qs.filter(status=status)
    count = qs.count()
    page = list(qs[offset : offset + limit])
    audit.record_many(
        actor,
        "list",
        {r.trajectory_id: r.trajectory for r in page}.values(),
        category="care_plan",
        detail=f"referrals {box}",
    )
    return {"items": [referral_out(actor, r, flags_visible=False) for r in page], "count": count}


@router.get("/referrals/{uuid:referral_id}", response=ReferralOut)
@transaction.atomic
def referral_detail(request, referral_id: UUID):
    referral = _get(request, referral_id)
    audit.record(
        request.actor,
        "read",
        referral,
        trajectory=referral.trajectory,
        category="care_plan",
        break_glass=False,
    )
    return referral_out(request.actor, referral, with_steps=True)


def _after(request, referral):
    return referral_out(
        request.actor, selectors.referral_get(request.actor, referral.public_id), with_steps=True
    )


@router.post("/referrals/{uuid:referral_id}/accept", response=ReferralOut)
def referral_accept(request, referral_id: UUID, payload: NoteIn | None = None):
    referral = services.referral_accept(
        actor=request.actor, referral=_get(request, referral_id), note=payload.note if payload else ""
    )
    return _after(request, referral)


@router.post("/referrals/{uuid:referral_id}/decline", response=ReferralOut)
def referral_decline(request, referral_id: UUID, payload: ReasonIn):
    referral = services.referral_decline(
        actor=request.actor, referral=_get(request, referral_id), reason=payload.reason
    )
    return _after(request, referral)


@router.post("/referrals/{uuid:referral_id}/start", response=ReferralOut)
def referral_start(request, referral_id: UUID, payload: NoteIn | None = None):
    referral = services.referral_start(
        actor=request.actor, referral=_get(request, referral_id), note=payload.note if payload else ""
    )
    return _after(request, referral)


@router.post("/referrals/{uuid:referral_id}/complete", response=ReferralOut)
def referral_complete(request, referral_id: UUID, payload: OutcomeIn):
    referral = services.referral_complete(
        actor=request.actor, referral=_get(request, referral_id), outcome=payload.outcome
    )
    return _after(request, referral)


@router.post("/referrals/{uuid:referral_id}/cancel", response=ReferralOut)
def referral_cancel(request, referral_id: UUID, payload: ReasonIn | None = None):
    referral = services.referral_cancel(
        actor=request.actor, referral=_get(request, referral_id), reason=payload.reason if payload else ""
    )
    return _after(request, referral)
