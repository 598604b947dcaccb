"""Writes on care plans, contacts and worklist filters. One transaction each, the access log inside.

Naming: <entity>_<verb>(*, actor, ...).
"""

from .contacts import contact_record
from .filters import calendar_token_reset, saved_filter_delete, saved_filter_save
from .planning import (
    build_plan_items,
    plan_generate,
    plan_item_acknowledge,
    plan_item_add,
    plan_item_update,
    plan_items_fulfil,
    plan_replan,
    template_items,
)

__all__ = [
    "build_plan_items",
    "calendar_token_reset",
    "contact_record",
    "plan_generate",
    "plan_item_acknowledge",
    "plan_item_add",
    "plan_item_update",
    "plan_items_fulfil",
    "plan_replan",
    "saved_filter_delete",
    "saved_filter_save",
    "template_items",
]
