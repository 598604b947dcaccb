"""The booklet API: the distribution registry on a trajectory, and booklet orders."""

from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from wieg.care import audit
from wieg.care import selectors as care_selectors
from wieg.care.models import Trajectory
from wieg.core.errors import InvalidInput, NotFound
from wieg.core.inputs import ApiDate, one_of
from wieg.core.pagination import Pagination, paginate

from . import selectors, services
from .models import Distribution, Order, OrderStatus

OrderStatusName = one_of(OrderStatus)

router = Router(tags=["booklets"])


class DistributionIn(Schema):
    booklet: str = "child"
    step: str = ""
    handed_out_on: ApiDate | None = None
    edition: str = ""
    child_number: int = 1
    replacement: bool = False
    replacement_reason: str = ""
    replacement_note: str = ""
    already_had: bool = False
    received_from: str = ""


class OrderIn(Schema):
    booklet: str
    quantity: int
    practice_name: str = ""
    declares_independent_midwife: bool = False
    include_follow_up: bool = True
    remarks: str = ""
    trajectory_id: UUID | None = None


class RejectIn(Schema):
    reason: str


def _org(o) -> dict | None:
    return {"id": str(o.public_id), "name": o.name, "kind": o.kind} if o else None


def distribution_out(d: Distribution) -> dict:
    return {
        "id": str(d.public_id),
        "booklet": d.booklet,
        "kind": d.kind,
        "step": d.step or None,
        "edition": d.edition or None,
        "child_number": d.child_number,
        "handed_out_on": d.handed_out_on,
        "professional": {"id": str(d.professional.public_id), "display_name": d.professional.display_name}
        if d.professional
        else None,
        "organisation": _org(d.organisation),
        "received_from": d.received_from or None,
        "replacement_reason": d.replacement_reason or None,
        "replacement_note": d.replacement_note or None,
    }


def _turn_out(turn) -> dict | None:
    if turn.step is None:
        return None
    return {
        "step": turn.step,
        "label": str(turn.step_label),
        "organisation": {"id": turn.organisation_public_id, "name": turn.organisation_name}
        if turn.organisation_id
        else None,
    }


def order_out(o: Order) -> dict:
    return {
        "id": str(o.public_id),
        "booklet": o.booklet,
        "quantity": o.quantity,
        "orderer_kind": o.orderer_kind,
        "practice_name": o.practice_name or None,
        "declares_independent_midwife": o.declares_independent_midwife,
        "organisation": _org(o.organisation),
        "trajectory_id": str(o.trajectory.public_id) if o.trajectory else None,
        "include_follow_up": o.include_follow_up,
        "remarks": o.remarks,
        "status": o.status,
        "rejection_reason": o.rejection_reason or None,
        "created_at": o.created_at,
        "decided_at": o.decided_at,
        "shipped_at": o.shipped_at,
        "lines": [
            {"booklet": line.booklet, "edition": line.edition, "quantity": line.quantity}
            for line in o.lines.all()
        ],
    }


def _trajectory(actor, trajectory_id) -> Trajectory:
    try:
        return care_selectors.trajectory_get(actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc


@router.get("/trajectories/{uuid:trajectory_id}/booklets")
@transaction.atomic
def distribution_list(request, trajectory_id: UUID):
    """What was handed out on the trajectory, and whose step it is now."""
    actor = request.actor
    trajectory = _trajectory(actor, trajectory_id)
    items = [distribution_out(d) for d in selectors.distributions_of(trajectory)]
    audit.record(actor, "read", trajectory, category="contact", detail="booklets")
    turn = selectors.turn_of(trajectory)
    return {
        "items": items,
        "count": len(items),
        "has_child_booklet": turn.step is None,
        "turn": _turn_out(turn),
    }


@router.post("/trajectories/{uuid:trajectory_id}/booklets", response={201: dict})
@transaction.atomic
def distribution_create(request, trajectory_id: UUID, payload: DistributionIn):
    actor = request.actor
    trajectory = _trajectory(actor, trajectory_id)
    distribution = services.distribution_record(actor=actor, trajectory=trajectory, **payload.dict())
    return Status(201, distribution_out(distribution))


@router.get("/booklet-orders")
@transaction.atomic
def order_list(request, page: Query[Pagination], status: OrderStatusName | None = None):
    actor = request.actor
    qs = selectors.orders_visible_to(actor)
    if status:
        qs = qs.filter(status=status)
    count, page = paginate(qs, page)
    services.orders_listed(actor, page)
    return {"items": [order_out(o) for o in page], "count": count}


@router.post("/booklet-orders", response={201: dict})
@transaction.atomic
def order_create(request, payload: OrderIn):
    actor = request.actor
    trajectory = None
    if payload.trajectory_id:
        trajectory = selectors.parent_trajectories(actor).filter(public_id=payload.trajectory_id).first()
        if trajectory is None:
            raise InvalidInput(_("Onbekend traject."), field="trajectory_id")
    data = payload.dict()
    data.pop("trajectory_id")
    order = services.order_place(actor=actor, trajectory=trajectory, **data)
    return Status(201, order_out(selectors.orders_visible_to(actor).get(pk=order.pk)))


def _order(actor, order_id) -> Order:
    order = selectors.orders_visible_to(actor).filter(public_id=order_id).first()
    if order is None:
        raise NotFound()
    return order


@router.post("/booklet-orders/{uuid:order_id}/approve")
@transaction.atomic
def order_approve(request, order_id: UUID):
    order = services.order_approve(actor=request.actor, order=_order(request.actor, order_id))
    return order_out(_order(request.actor, order.public_id))


@router.post("/booklet-orders/{uuid:order_id}/reject")
@transaction.atomic
def order_reject(request, order_id: UUID, payload: RejectIn):
    order = services.order_reject(
        actor=request.actor, order=_order(request.actor, order_id), reason=payload.reason
    )
    return order_out(_order(request.actor, order.public_id))


@router.post("/booklet-orders/{uuid:order_id}/ship")
@transaction.atomic
def order_ship(request, order_id: UUID):
    order = services.order_ship(actor=request.actor, order=_order(request.actor, order_id))
    return order_out(_order(request.actor, order.public_id))
