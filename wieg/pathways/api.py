"""API v1 for care plans, contacts and the worklist. Missing and forbidden are both 404."""

from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.policies import visible_categories
from wieg.core.errors import InvalidInput, NotFound

from . import selectors, services
from .models import PlanItem
from .schemas import (
    AcknowledgeIn,
    ContactIn,
    ContactList,
    ContactOut,
    PlanItemIn,
    PlanItemOut,
    PlanItemPatch,
    PlanOut,
    WorklistOut,
)
from .selectors import ItemRow, WorklistFilter

router = Router(tags=["pathways"])


def _trajectory(request, trajectory_id) -> Trajectory:
    try:
        return selectors.plan_trajectory_get(request.actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc


def item_out(item: PlanItem, today) -> dict:
    status = getattr(item, "display_status", None) or item.status_on(today)
    return {
        "id": str(item.public_id),
        "code": item.code,
        "title": item.title,
        "kind": item.kind,
        "phase": item.phase,
        "window_start": item.window_start,
        "window_end": item.window_end,
        "status": status,
        "counts_toward_minimum": item.counts_toward_minimum,
        "disciplines": item.discipline_list,
        "owner": {"id": str(item.owner.public_id), "display_name": item.owner.display_name}
        if item.owner
        else None,
        "done_on": item.done_on,
        "cancelled_reason": item.cancelled_reason,
        "closed_by_screening": item.closed_by_screening,
        "acknowledged_at": item.acknowledged_at,
        "acknowledged_reason": item.acknowledged_reason,
    }


def _minimum_out(minimum) -> dict:
    return {
        "expected_by_now": minimum.expected_by_now,
        "done": minimum.done,
        "total": minimum.total,
        "missed": minimum.missed,
        "behind": minimum.behind,
    }


def _plan_out(trajectory, today) -> dict:
    items = list(selectors.plan_items_of(trajectory, today))
    return {
        "trajectory_id": str(trajectory.public_id),
        "items": [item_out(i, today) for i in items],
        "count": len(items),
        "minimum": _minimum_out(selectors.minimum_of(trajectory, today)),
    }


def contact_out(contact, categories=None) -> dict:
    notes = getattr(contact, "visible_notes", None)
    if notes is None:
        notes = [n for n in contact.notes.all() if categories is None or n.category in categories]
    return {
        "id": str(contact.public_id),
        "date": contact.date,
        "kind": contact.kind,
        "plan_item_id": str(contact.plan_item.public_id) if contact.plan_item_id else None,
        "professional": contact.professional.display_name if contact.professional_id else None,
        "organisation": contact.organisation.name if contact.organisation_id else None,
        "location": contact.location,
        "checklist": contact.checklist,
        "notes": [{"category": n.category, "text": n.text} for n in notes],
    }


@router.get("/trajectories/{uuid:trajectory_id}/plan", response=PlanOut)
@transaction.atomic
def plan_get(request, trajectory_id: UUID):
    trajectory = _trajectory(request, trajectory_id)
    audit.record(request.actor, "read", trajectory, category="care_plan", detail="care plan")
    return _plan_out(trajectory, timezone.localdate())


@router.post("/trajectories/{uuid:trajectory_id}/plan", response={201: PlanItemOut})
def plan_item_add(request, trajectory_id: UUID, payload: PlanItemIn):
    trajectory = _trajectory(request, trajectory_id)
    item = services.plan_item_add(
        actor=request.actor,
        trajectory=trajectory,
        title=payload.title,
        kind=payload.kind,
        window_start=payload.window_start,
        window_end=payload.window_end,
        owner_id=payload.owner_id,
    )
    return Status(201, item_out(item, timezone.localdate()))


@router.patch("/trajectories/{uuid:trajectory_id}/plan/{uuid:item_id}", response=PlanItemOut)
def plan_item_patch(request, trajectory_id: UUID, item_id: UUID, payload: PlanItemPatch):
    trajectory = _trajectory(request, trajectory_id)
    try:
        item = selectors.item_get(trajectory, item_id)
    except PlanItem.DoesNotExist as exc:
        raise NotFound() from exc
    changes = payload.dict(exclude_unset=True)
    if "status" in changes and changes["status"] is None:
        raise InvalidInput(
            _("Kies een status: %(choices)s.") % {"choices": "planned, done, cancelled"}, field="status"
        )
    item = services.plan_item_update(actor=request.actor, item=item, **changes)
    return item_out(item, timezone.localdate())


@router.post("/trajectories/{uuid:trajectory_id}/plan/{uuid:item_id}/acknowledge", response=PlanItemOut)
def plan_item_acknowledge(request, trajectory_id: UUID, item_id: UUID, payload: AcknowledgeIn):
    """Acknowledge, with a reason, an item missed long ago (status `missed`): 409 for any other item."""
    trajectory = _trajectory(request, trajectory_id)
    try:
        item = selectors.item_get(trajectory, item_id)
    except PlanItem.DoesNotExist as exc:
        raise NotFound() from exc
    item = services.plan_item_acknowledge(actor=request.actor, item=item, reason=payload.reason)
    return item_out(item, timezone.localdate())


@router.post("/trajectories/{uuid:trajectory_id}/contacts", response={201: ContactOut})
def contact_create(request, trajectory_id: UUID, payload: ContactIn):
    trajectory = _trajectory(request, trajectory_id)
    item = None
    if payload.plan_item_id:
        item = PlanItem.objects.filter(trajectory=trajectory, public_id=payload.plan_item_id).first()
        if item is None:
            raise InvalidInput(_("Onbekend onderdeel van het plan."), field="plan_item_id")
    notes = payload.notes
    if isinstance(notes, str):
        notes = {"care_plan": notes}
    contact = services.contact_record(
        actor=request.actor,
        trajectory=trajectory,
        date=payload.date,
        kind=payload.kind,
        plan_item=item,
        notes=notes,
        location=payload.location,
        checklist=payload.checklist,
    )
    return Status(201, contact_out(contact))


@router.get("/trajectories/{uuid:trajectory_id}/contacts", response=ContactList)
@transaction.atomic
def contact_list(request, trajectory_id: UUID):
    actor = request.actor
    trajectory = _trajectory(request, trajectory_id)
    categories = visible_categories(actor, trajectory)
    contacts = list(selectors.contacts_of(actor, trajectory, categories))
    audit.record(actor, "read", trajectory, category="care_plan", detail="contacts")
    for category in sorted({n.category for c in contacts for n in c.visible_notes}):
        audit.record(actor, "read", trajectory, category=category, detail="contact notes")
    return {"items": [contact_out(c) for c in contacts], "count": len(contacts)}


class WorklistQuery(Schema):
    scope: str = "me"
    section: str = ""
    weeks: int | None = None
    phase: str = ""
    kind: str = ""


@router.get("/worklist", response=WorklistOut)
@transaction.atomic
def worklist(request, query: Query[WorklistQuery]):
    actor = request.actor
    if query.scope not in ("me", "organisation"):
        raise InvalidInput(
            _("Kies een bereik: %(choices)s.") % {"choices": "me, organisation"}, field="scope"
        )
    if query.weeks is not None and not 1 <= query.weeks <= 52:
        raise InvalidInput(_("Het aantal weken ligt tussen 1 en 52."), field="weeks")
    if not actor.is_professional:
        raise NotFound()
    filters = WorklistFilter.from_params(query.dict())
    result = selectors.worklist(actor, filters)
    audit.record_many(
        actor,
        "list",
        result.trajectories,
        category="care_plan",
        detail="worklist",
        # Rows show a phone and language to those who may see the contact category.
        contact_shown=[t for t in result.trajectories if getattr(t, "sees_contact", False)],
    )
    rows = []
    for name, section in result.sections.items():
        source = section.get("source")
        for row in section["rows"]:
            t = row.trajectory if hasattr(row, "trajectory") else row
            out = {
                "section": name,
                "trajectory_id": str(t.public_id),
                "family": t.name,
                "due_date": t.due_date,
                "birth_date": t.birth_date,
                "phone": t.phones[0]["number"] if t.phones and t.safe_to_contact else None,
                "safe_to_contact": t.safe_to_contact if t.sees_contact else None,
                "preferred_language": t.language,
                "interpreter_needed": t.interpreter_needed,
                "interpreter_language": t.interpreter_language,
            }
            if source is not None:
                out.update(source.api_row(row))
            elif isinstance(row, ItemRow):
                out["item"] = item_out(row.item, result.today)
            else:
                out["last_contact"] = t.last_contact
            rows.append(out)
    return {
        "scope": filters.scope,
        "items": rows,
        "count": len(rows),
        "sections": {name: len(s["rows"]) for name, s in result.sections.items()},
        "more": [name for name, s in result.sections.items() if s["more"]],
    }
