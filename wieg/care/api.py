from typing import Literal
from uuid import UUID

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from wieg.core.errors import InvalidInput, NotFound
from wieg.core.pagination import Pagination, paginate
from wieg.directory.models import Organisation, Professional

from . import audit, selectors, services
from .contact import AddressInput, ContactInput, PhoneInput, address_out
from .models import CareTeamMember, Consent, Family, Person, Trajectory
from .policies import access_basis, sees_contact_of, visible_categories
from .schemas import (
    AccessEventList,
    BirthIn,
    BreakGlassIn,
    BreakGlassOut,
    CloseIn,
    ConsentGiveIn,
    ConsentOut,
    ConsentPatchIn,
    ContactIn,
    CoordinatorIn,
    ExclusionIn,
    FamilyDetailOut,
    FamilyIn,
    FamilyOut,
    LookupOut,
    MemberOut,
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


def _member(actor, p: Person, sees_contact: bool) -> dict:
    out = {
        "id": str(p.public_id),
        "role": p.role,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "birth_date": p.birth_date,
        "preferred_language": p.preferred_language,
        "interpreter_needed": p.interpreter_needed,
        "interpreter_language": p.interpreter_language,
        "contact": None,
    }
    if sees_contact_of(actor, p, family_visible=sees_contact):
        team = actor.is_professional
        out["contact"] = {
            "address": address_out(p),
            "phones": [{"number": x["number"], "label": x.get("label", "")} for x in p.phones],
            "email": p.email,
            "safe_to_contact": p.safe_to_contact if team else None,
            "contact_note": p.contact_note if team else None,
        }
    return out


def _family_members(request, family_id):
    try:
        return selectors.family_with_members(request.actor, family_id)
    except Family.DoesNotExist as exc:
        raise NotFound() from exc


@router.get("/families/{uuid:family_id}", response=FamilyDetailOut)
@transaction.atomic
def family_detail(request, family_id: UUID):
    actor = request.actor
    family, members, sees_contact = _family_members(request, family_id)
    audit.record(actor, "read", family, category="contact" if sees_contact else "")
    return {
        "id": str(family.public_id),
        "municipality_nis": family.municipality.nis_code,
        "members": [_member(actor, p, sees_contact) for p in members],
    }


@router.put("/families/{uuid:family_id}/members/{uuid:person_id}/contact", response=MemberOut)
def member_contact_put(request, family_id: UUID, person_id: UUID, payload: ContactIn):
    actor = request.actor
    _family, members, sees_contact = _family_members(request, family_id)
    person = next((p for p in members if p.public_id == person_id), None)
    if person is None or not sees_contact:
        raise NotFound()
    data = ContactInput(
        address=AddressInput(**payload.address.dict()) if payload.address else None,
        phones=[PhoneInput(number=p.number, label=p.label) for p in payload.phones],
        email=payload.email,
        preferred_language=payload.preferred_language,
        interpreter_needed=payload.interpreter_needed,
        interpreter_language=payload.interpreter_language,
        safe_to_contact=payload.safe_to_contact,
        contact_note=payload.contact_note,
    )
    person = services.person_contact_update(actor=actor, person=person, data=data)
    return _member(actor, person, sees_contact)


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


def _reach(p: Person) -> dict:
    """What a caseload row says about reaching the pregnant parent: no phone for someone not safe to call."""
    return {
        "phone": p.phones[0]["number"] if p.phones and p.safe_to_contact else None,
        "safe_to_contact": p.safe_to_contact,
        "preferred_language": p.preferred_language,
        "interpreter_needed": p.interpreter_needed,
        "interpreter_language": p.interpreter_language,
    }


@router.get("/trajectories", response=TrajectoryList)
def trajectory_list(
    request,
    page: Query[Pagination],
    role: Literal["coordinator", "member"] | None = None,
    status: Literal["active", "closed"] = "active",
):
    actor = request.actor
    count, page = paginate(selectors.caseload(actor, role=role, status=status), page)
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
                **_reach(t.pregnant_person),
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
def access_log(request, trajectory_id: UUID, page: Query[Pagination]):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    try:
        events = selectors.access_log(actor, trajectory)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc
    count, page = paginate(events, page)
    audit.record(actor, "read", trajectory, category="contact", detail="access log")
    return {
        "items": [
            {
                "at": e.at,
                "who": e.author_name or "system",
                "organisation": e.organisation_name or None,
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
