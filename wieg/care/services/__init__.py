"""Writes on the care heart. Each service runs in one transaction and writes its access event inside it.

Naming: <entity>_<verb>(*, actor, ...).
"""

from .break_glass import break_glass_escalate, break_glass_open, break_glass_review
from .consent import consent_amend, consent_give, consent_withdraw, exclusion_add, exclusion_lift
from .contact import person_contact_correct, person_contact_update
from .families import family_create, family_lookup, person_add
from .retention import trajectory_apply_retention
from .team import coordinator_handover, has_team_consent, team_member_add, team_member_end
from .trajectories import (
    birth_register,
    trajectory_close,
    trajectory_create,
    trajectory_set_risk_level,
    trajectory_update_due_date,
)

__all__ = [
    "birth_register",
    "break_glass_escalate",
    "break_glass_open",
    "break_glass_review",
    "consent_amend",
    "consent_give",
    "consent_withdraw",
    "coordinator_handover",
    "exclusion_add",
    "exclusion_lift",
    "family_create",
    "family_lookup",
    "person_add",
    "person_contact_correct",
    "person_contact_update",
    "has_team_consent",
    "team_member_add",
    "trajectory_apply_retention",
    "team_member_end",
    "trajectory_close",
    "trajectory_create",
    "trajectory_set_risk_level",
    "trajectory_update_due_date",
]
