"""Writes the access log. Called inside the same transaction as the read or write it records."""

from collections.abc import Iterable

from .models import AccessEvent, Family, Trajectory


def _event(
    actor,
    action,
    *,
    object_type,
    object_id="",
    category="",
    trajectory=None,
    family=None,
    break_glass=False,
    detail="",
):
    if family is None and trajectory is not None:
        family_id = trajectory.family_id
    else:
        family_id = getattr(family, "pk", None)
    return AccessEvent(
        user_id=actor.user_id,
        professional_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        author_name=getattr(actor, "display_name", ""),
        organisation_name=getattr(actor, "organisation_name", "") if actor.organisation_id else "",
        actor_kind=actor.kind,
        channel=actor.channel,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        category=category,
        trajectory_id=getattr(trajectory, "pk", None),
        family_id=family_id,
        break_glass=break_glass,
        detail=detail[:200],
    )


def record(
    actor,
    action: str,
    obj,
    *,
    category: str = "",
    trajectory: Trajectory | None = None,
    family: Family | None = None,
    break_glass: bool | None = None,
    detail: str = "",
) -> AccessEvent:
    """Log one read or write of `obj`: its public id is logged, never its content."""
    if trajectory is None and isinstance(obj, Trajectory):
        trajectory = obj
    if trajectory is None:
        trajectory = getattr(obj, "trajectory", None) if not isinstance(obj, Family) else None
    if family is None and isinstance(obj, Family):
        family = obj
    if break_glass is None:
        break_glass = _via_break_glass(actor, trajectory, category)
    event = _event(
        actor,
        action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "public_id", None) or getattr(obj, "pk", ""),
        category=category,
        trajectory=trajectory,
        family=family,
        break_glass=break_glass,
        detail=detail,
    )
    event.save()
    return event


def record_many(
    actor,
    action: str,
    trajectories: Iterable[Trajectory],
    *,
    category: str = "contact",
    detail: str = "",
    contact_shown: Iterable[Trajectory] = (),
):
    """One event per trajectory shown in a list, in one INSERT, so lists keep a fixed query count. A list
    of another category that also shows some rows' contact details names those in `contact_shown`: they
    get a contact event of their own in the same INSERT."""
    shown = [(t, category) for t in trajectories]
    if category != "contact":
        shown += [(t, "contact") for t in contact_shown]
    events = [
        _event(
            actor,
            action,
            object_type="Trajectory",
            object_id=t.public_id,
            category=shown_category,
            trajectory=t,
            detail=detail,
        )
        for t, shown_category in shown
    ]
    AccessEvent.objects.bulk_create(events)
    return events


def _via_break_glass(actor, trajectory, category) -> bool:
    if trajectory is None or not actor.is_professional:
        return False
    from .policies import access_basis

    return access_basis(actor, trajectory, category or "contact") == "break_glass"
