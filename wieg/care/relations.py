"""What hangs off a trajectory, found through the model relations rather than by importing the apps above
care: the export of a person's data and the retention job reach every app's rows the same way."""

from functools import cache

from django.db import models

from .models import AccessEvent, Trajectory


@cache
def trajectory_dependents() -> tuple[tuple[type[models.Model], str], ...]:
    """(model, lookup to the trajectory id) for every model below Trajectory through foreign keys,
    breadth first: `pathways.ContactNote` comes with "contact__plan_item__trajectory"."""
    found: list[tuple[type, str]] = []
    seen = {Trajectory, AccessEvent}  # the access log is kept and exported on its own
    queue: list[tuple[type, str]] = [(Trajectory, "")]
    while queue:
        model, path = queue.pop(0)
        for rel in model._meta.related_objects:
            if not (rel.one_to_many or rel.one_to_one) or rel.related_model in seen:
                continue
            if rel.related_model._meta.label == "care.Person":  # a family's member, not the trajectory's
                continue
            seen.add(rel.related_model)
            lookup = f"{rel.field.name}__{path}" if path else rel.field.name
            found.append((rel.related_model, lookup))
            queue.append((rel.related_model, lookup))
    return tuple(found)


def rows_of(model, lookup: str, trajectory_ids):
    return model._default_manager.filter(**{f"{lookup}__in": list(trajectory_ids)})
