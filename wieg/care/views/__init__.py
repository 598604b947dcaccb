"""Thin views: they ask selectors and services, the policy decides, the access log records.

Every page about a family answers 404 to whoever may not see it, whether it exists or not. Writes go through
the services (one transaction each); their domain errors come back as form errors, never as a 500.
"""

from .access import access_log, break_glass, review, review_queue
from .contact import member_contact
from .families import caseload, family_new, find_family, home, switch_organisation
from .team import (
    consent_amend,
    consent_withdraw,
    consents,
    coordinator,
    exclusion_add,
    exclusion_lift,
    team,
    team_candidates,
    team_consent,
    team_end,
)
from .trajectories import (
    trajectory_birth,
    trajectory_close,
    trajectory_detail,
    trajectory_due_date,
    trajectory_risk,
)

__all__ = [
    "access_log",
    "break_glass",
    "caseload",
    "consent_amend",
    "consent_withdraw",
    "consents",
    "coordinator",
    "exclusion_add",
    "exclusion_lift",
    "family_new",
    "find_family",
    "home",
    "member_contact",
    "review",
    "review_queue",
    "switch_organisation",
    "team",
    "team_consent",
    "team_candidates",
    "team_end",
    "trajectory_birth",
    "trajectory_close",
    "trajectory_detail",
    "trajectory_due_date",
    "trajectory_risk",
]
