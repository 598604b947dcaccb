"""Reads on care plans, contacts and worklists. Every query goes through the access policy."""

from .plan import (
    annotate_next_step,
    contacts_of,
    item_get,
    minimum_of,
    plan_items_of,
    plan_trajectory_get,
)
from .worklist import (
    ItemRow,
    WorklistFilter,
    WorklistTrajectory,
    panel_shown,
    saved_filters_for,
    sections_for,
    upcoming_for_calendar,
    worklist,
)

__all__ = [
    "ItemRow",
    "WorklistFilter",
    "WorklistTrajectory",
    "annotate_next_step",
    "contacts_of",
    "item_get",
    "minimum_of",
    "plan_items_of",
    "panel_shown",
    "plan_trajectory_get",
    "saved_filters_for",
    "sections_for",
    "upcoming_for_calendar",
    "worklist",
]
