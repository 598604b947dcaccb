from uuid import UUID

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from wieg.core.errors import InvalidInput, NotFound
from wieg.directory.models import Organisation, Professional

from . import audit, selectors, services
from .models import CareTeamMember, Consent, Family, Person, Trajectory
from .policies import access_basis, visible_categories
from .schemas import (
    AccessEventList,
    BirthIn,
    BreakGlassIn,
    BreakGlassOut,
    CloseIn,
    ConsentGiveIn,
    ConsentOut,
    ConsentPatchIn,
    CoordinatorIn,
    ExclusionIn,
    FamilyIn,
    FamilyOut,
    LookupOut,
    TeamMemberIn,
    TeamMemberOut,
    TrajectoryIn,
    TrajectoryList,
    TrajectoryOut,
    TrajectoryPatch,
    WithdrawIn,
)
from .services.families import MemberInput

router = Router(tags=["care"])


def _person(p: Person) -> dict:
    return {
        "id": str(p.public_id),
        "role": p.role,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "birth_date": p.birth_date,
        "sex": p.sex,
    }


def _professional(p) -> dict:
    return {"id": str(p.public_id), "display_name": p.display_name, "discipline": p.discipline}


def _organisation(o) -> dict:
    return {"id": str(o.public_id), "name": o.name, "kind": o.kind}


def _team_member(m: CareTeamMember) -> dict:
    return {
        "id": m.pk,
        "professional": _professional(m.professional),
        "organisation": _organisation(m.organisation),
        "role": m.role,
        "start": m.start,
        "end": m.end,
    }


def _consent(c: Consent) -> dict:
    return {
        "id": str(c.public_id),
        "organisation": _organisation(c.organisation) if c.organisation else None,
        "professional": _professional(c.professional) if c.professional else None,
        "categories": c.categories,
        "given_at": c.given_at,
        "recorded_via": c.recorded_via,
        "withdrawn_at": c.withdrawn_at,
        "amendments": [
            {
                "at": a.at,
                "by": a.recorded_by_name,
                "recorded_via": a.recorded_via,
                "categories_before": a.before,
                "categories_after": a.after,
                "added": a.added,
                "removed": a.removed,
            }
            for a in c.amendments.all()
        ],
    }


def _trajectory(request, public_id, category="contact"):
    try:
        return selectors.trajectory_get(request.actor, public_id, category)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc


def _trajectory_out(actor, t) -> dict:
    categories = visible_categories(actor, t)
    coordinator = selectors.coordinator_of(t)
    medical = "medical" in categories
    return {
        "id": str(t.public_id),
        "family_id": str(t.family.public_id),
        "status": t.status,
        "closed_reason": t.closed_reason,
        "phase": t.phase,
        "due_date": t.due_date,
        "parity": t.parity,
        "plurality": t.plurality,
        "risk_level": t.risk_level,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "birth_date": t.birth_date,
        "gestational_age_weeks": t.gestational_age_weeks if medical else None,
        "nicu_admission": t.nicu_admission if medical else None,
        "nicu_admission_date": t.nicu_admission_date if medical else None,
        "nicu_discharge_date": t.nicu_discharge_date if medical else None,
        "municipality_nis": t.family.municipality.nis_code,
        "preferred_language": t.family.preferred_language,
        "interpreter_needed": t.family.interpreter_needed,
        "pregnant_person": _person(t.pregnant_person),
        "child": _person(t.child) if t.child else None,
        "children": [_person(c.person) for c in t.children.select_related("person")],
        "members": [_person(p) for p in selectors.members_of(t)],
        "coordinator": {
            "professional": _professional(coordinator.professional),
            "organisation": _organisation(coordinator.organisation),
            "since": coordinator.start,
        }
        if coordinator
        else None,
        "team": [_team_member(m) for m in selectors.team_of(t)],
        "consents": [_consent(c) for c in selectors.consents_of(t)],
        "visible_categories": sorted(categories),
        "break_glass": access_basis(actor, t) == "break_glass",
    }


def _get_professional(public_id: UUID, field="professional_id") -> Professional:
    professional = Professional.objects.filter(public_id=public_id).first()
    if professional is None:
        raise InvalidInput(_("Onbekende zorgverlener."), field=field)
    return professional


def _get_organisation_pk(public_id: UUID | None, field="organisation_id") -> int | None:
    if public_id is None:
        return None
    pk = Organisation.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    if pk is None:
        raise InvalidInput(_("Onbekende organisatie."), field=field)
    return pk


@router.post("/families", response={201: FamilyOut})
def family_create(request, payload: FamilyIn):
    family = services.family_create(
        actor=request.actor,
        municipality_nis=payload.municipality_nis,
        preferred_language=payload.preferred_language,
        interpreter_needed=payload.interpreter_needed,
        members=[MemberInput(**m.dict()) for m in payload.members],
    )
    return Status(
        201,
        {
            "id": str(family.public_id),
            "municipality_nis": family.municipality.nis_code,
            "preferred_language": family.preferred_language,
            "interpreter_needed": family.interpreter_needed,
            "members": [_person(p) for p in family.members.order_by("pk")],
        },
    )


@router.get("/families/lookup", response=LookupOut)
def family_lookup(request, national_number: str):
    result = services.family_lookup(actor=request.actor, national_number=national_number)
    return {
        "found": result.found,
        "coordinating_organisation": _organisation(result.organisation) if result.organisation else None,
        "has_access": result.has_access,
        "trajectory_id": str(result.trajectory.public_id) if result.trajectory else None,
        "family_id": str(result.family.public_id) if result.family else None,
        "may_break_glass": result.may_break_glass,
    }


@router.post("/trajectories", response={201: TrajectoryOut})
def trajectory_create(request, payload: TrajectoryIn):
    actor = request.actor
    family = Family.objects.visible_to(actor).filter(public_id=payload.family_id).first()
    if family is None:
        raise InvalidInput(_("Onbekend gezin."), field="family_id")
    person = Person.objects.filter(public_id=payload.pregnant_person_id, family=family).first()
    if person is None:
        raise InvalidInput(_("Deze persoon hoort niet bij dit gezin."), field="pregnant_person_id")
    coordinator = (
        _get_professional(payload.coordinator_id, "coordinator_id") if payload.coordinator_id else None
    )
    trajectory = services.trajectory_create(
        actor=actor,
        family=family,
        pregnant_person=person,
        due_date=payload.due_date,
        parity=payload.parity,
        plurality=payload.plurality,
        risk_level=payload.risk_level,
        consent_categories=payload.consent.categories,
        recorded_via=payload.consent.recorded_via,
        coordinator=coordinator,
    )
    trajectory = selectors.trajectory_get(actor, trajectory.public_id)
    return Status(201, _trajectory_out(actor, trajectory))


@router.get("/trajectories", response=TrajectoryList)
def trajectory_list(
    request, role: str | None = None, status: str = "active", limit: int = 50, offset: int = 0
):
    if role not in (None, "", "coordinator", "member"):
        raise InvalidInput(_("Kies een rol: %(choices)s.") % {"choices": "coordinator, member"}, field="role")
    if status not in ("active", "closed"):
        raise InvalidInput(_("Kies een status: %(choices)s.") % {"choices": "active, closed"}, field="status")
    if not 1 <= limit <= 200 or offset < 0:
        raise InvalidInput(_("limit ligt tussen 1 en 200, offset is minstens 0."), field="limit")
    actor = request.actor
    qs = selectors.caseload(actor, role=role or None, status=status)
    count = qs.count()
    page = list(qs[offset : offset + limit])
    today = timezone.localdate()
    with transaction.atomic():
        audit.record_many(actor, "list", page, detail="caseload")
    return {
        "items": [
            {
                "id": str(t.public_id),
                "family_id": str(t.family.public_id),
                "pregnant_person": t.pregnant_person.display_name,
                "municipality": t.family.municipality.name,
                "status": t.status,
                "phase": t.phase_on(today),
                "due_date": t.due_date,
                "birth_date": t.birth_date,
                "child_age_days": (today - t.birth_date).days if t.birth_date else None,
                "coordinator": t.coordinator_name,
                "is_coordinator": t.is_mine,
                "next_step": str(getattr(t, "next_step", "") or "") or None,
            }
            for t in page
        ],
        "count": count,
    }


@router.get("/trajectories/{uuid:trajectory_id}", response=TrajectoryOut)
@transaction.atomic
def trajectory_detail(request, trajectory_id: UUID):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    audit.record(actor, "read", trajectory, category="contact")
    return _trajectory_out(actor, trajectory)


@router.patch("/trajectories/{uuid:trajectory_id}", response=TrajectoryOut)
@transaction.atomic
def trajectory_patch(request, trajectory_id: UUID, payload: TrajectoryPatch):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    if payload.due_date is not None:
        services.trajectory_update_due_date(actor=actor, trajectory=trajectory, due_date=payload.due_date)
    if payload.risk_level is not None:
        services.trajectory_set_risk_level(actor=actor, trajectory=trajectory, risk_level=payload.risk_level)
    return _trajectory_out(actor, selectors.trajectory_get(actor, trajectory_id))


@router.post("/trajectories/{uuid:trajectory_id}/close", response=TrajectoryOut)
@transaction.atomic
def trajectory_close(request, trajectory_id: UUID, payload: CloseIn):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    services.trajectory_close(actor=actor, trajectory=trajectory, reason=payload.reason)
    return _trajectory_out(actor, selectors.trajectory_get(actor, trajectory_id))


@router.put("/trajectories/{uuid:trajectory_id}/coordinator", response=TrajectoryOut)
@transaction.atomic
def coordinator_put(request, trajectory_id: UUID, payload: CoordinatorIn):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    services.coordinator_handover(
        actor=actor,
        trajectory=trajectory,
        professional=_get_professional(payload.professional_id),
        organisation_id=_get_organisation_pk(payload.organisation_id),
    )
    return _trajectory_out(actor, selectors.trajectory_get(actor, trajectory_id))


@router.post("/trajectories/{uuid:trajectory_id}/team", response={201: TeamMemberOut})
def team_add(request, trajectory_id: UUID, payload: TeamMemberIn):
    trajectory = _trajectory(request, trajectory_id)
    member = services.team_member_add(
        actor=request.actor,
        trajectory=trajectory,
        professional=_get_professional(payload.professional_id),
        role=payload.role,
        organisation_id=_get_organisation_pk(payload.organisation_id),
    )
    return Status(201, _team_member(member))


@router.delete("/trajectories/{uuid:trajectory_id}/team/{member_id}", response={204: None})
def team_remove(request, trajectory_id: UUID, member_id: int):
    trajectory = _trajectory(request, trajectory_id)
    member = get_object_or_404(CareTeamMember, pk=member_id, trajectory=trajectory)
    services.team_member_end(actor=request.actor, trajectory=trajectory, member=member)
    return Status(204, None)


@router.post("/trajectories/{uuid:trajectory_id}/consents", response={200: ConsentOut, 201: ConsentOut})
def consent_give(request, trajectory_id: UUID, payload: ConsentGiveIn):
    """201 with a new consent; 200 with the organisation's (or professional's) open consent, amended to
    these categories or unchanged: one open consent per subject
    (docs/adr/0010-one-open-consent-amended-in-place.md)."""
    trajectory = _trajectory(request, trajectory_id)
    if (payload.organisation_id is None) == (payload.professional_id is None):
        raise InvalidInput(_("Kies een organisatie of één zorgverlener."), field="organisation_id")
    organisation = (
        get_object_or_404(Organisation, pk=_get_organisation_pk(payload.organisation_id))
        if payload.organisation_id
        else None
    )
    professional = _get_professional(payload.professional_id) if payload.professional_id else None
    consent = services.consent_give(
        actor=request.actor,
        trajectory=trajectory,
        categories=payload.categories,
        recorded_via=payload.recorded_via,
        organisation=organisation,
        professional=professional,
    )
    return Status(201 if consent.outcome == "created" else 200, _consent(consent))


@router.patch("/trajectories/{uuid:trajectory_id}/consents/{uuid:consent_id}", response=ConsentOut)
def consent_amend(request, trajectory_id: UUID, consent_id: UUID, payload: ConsentPatchIn):
    """Extend or narrow a consent: the same consent, amended, one access event."""
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    consent = get_object_or_404(Consent, public_id=consent_id, trajectory=trajectory)
    via = payload.recorded_via or ("parent_portal" if actor.is_parent else "verbal")
    consent = services.consent_amend(
        actor=actor, consent=consent, categories=payload.categories, recorded_via=via
    )
    return _consent(consent)


@router.post("/trajectories/{uuid:trajectory_id}/consents/{uuid:consent_id}/withdraw", response=ConsentOut)
def consent_withdraw(request, trajectory_id: UUID, consent_id: UUID, payload: WithdrawIn | None = None):
    trajectory = _trajectory(request, trajectory_id)
    consent = get_object_or_404(Consent, public_id=consent_id, trajectory=trajectory)
    via = payload.recorded_via if payload else ("parent_portal" if request.actor.is_parent else "verbal")
    consent = services.consent_withdraw(actor=request.actor, consent=consent, recorded_via=via)
    return _consent(consent)


@router.post("/trajectories/{uuid:trajectory_id}/exclusions", response={201: dict})
def exclusion_add(request, trajectory_id: UUID, payload: ExclusionIn):
    trajectory = _trajectory(request, trajectory_id)
    exclusion = services.exclusion_add(
        actor=request.actor,
        trajectory=trajectory,
        professional=_get_professional(payload.professional_id),
        recorded_via=payload.recorded_via,
    )
    return Status(201, {"id": exclusion.pk, "professional_id": str(payload.professional_id)})


@router.post("/trajectories/{uuid:trajectory_id}/birth", response={201: TrajectoryOut})
@transaction.atomic
def birth_register(request, trajectory_id: UUID, payload: BirthIn):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    if payload.child is not None and payload.children is not None:
        raise InvalidInput(_("Geef `children` of `child`, niet allebei."), field="children")
    services.birth_register(
        actor=actor,
        trajectory=trajectory,
        birth_date=payload.birth_date,
        child=MemberInput(role="child", **payload.child.dict()) if payload.child else None,
        children=[MemberInput(role="child", **c.dict()) for c in payload.children]
        if payload.children is not None
        else None,
        plurality=payload.plurality,
        gestational_age_weeks=payload.gestational_age_weeks,
        nicu_admission=payload.nicu_admission,
        nicu_admission_date=payload.nicu_admission_date,
        nicu_discharge_date=payload.nicu_discharge_date,
    )
    return Status(201, _trajectory_out(actor, selectors.trajectory_get(actor, trajectory_id)))


@router.post("/trajectories/{uuid:trajectory_id}/break-glass", response={201: BreakGlassOut})
def break_glass(request, trajectory_id: UUID, payload: BreakGlassIn):
    # The professional cannot see the trajectory yet: find it without the policy, refuse through it.
    trajectory = Trajectory.objects.filter(public_id=trajectory_id).first()
    if trajectory is None:
        raise NotFound()
    access = services.break_glass_open(actor=request.actor, trajectory=trajectory, reason=payload.reason)
    return Status(
        201,
        {
            "id": str(access.public_id),
            "trajectory_id": str(trajectory.public_id),
            "opened_at": access.opened_at,
            "expires_at": access.expires_at,
        },
    )


@router.get("/trajectories/{uuid:trajectory_id}/access-log", response=AccessEventList)
@transaction.atomic
def access_log(request, trajectory_id: UUID, limit: int = 100, offset: int = 0):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    try:
        events = selectors.access_log(actor, trajectory)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc
    count = events.count()
    page = list(events[offset : offset + min(max(limit, 1), 500)])
    audit.record(actor, "read", trajectory, category="contact", detail="access log")
    return {
        "items": [
            {
                "at": e.at,
                "who": e.professional.display_name
                if e.professional
                else (e.user.get_full_name() or e.user.username if e.user else "system"),
                "organisation": e.organisation.name if e.organisation else None,
                "actor_kind": e.actor_kind,
                "channel": e.channel,
                "action": e.action,
                "object_type": e.object_type,
                "category": e.category,
                "break_glass": e.break_glass,
            }
            for e in page
        ],
        "count": count,
        "break_glass_openings": [
            {
                "opened_at": b.opened_at,
                "expires_at": b.expires_at,
                "who": b.professional.display_name,
                "organisation": b.organisation.name if b.organisation else None,
                "reason": b.reason,
                "reviewed": b.reviewed_at is not None,
                "review_outcome": b.review_outcome,
            }
            for b in selectors.break_glass_of(trajectory)
        ],
    }
