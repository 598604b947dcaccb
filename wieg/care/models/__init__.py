"""Families, trajectories (EpisodeOfCare), the coordinator, the care team, consent and the access log.

One module per part; everything is importable from `wieg.care.models` as before."""

from .access import (
    AccessAction,
    AccessEvent,
    BreakGlassAccess,
    ReviewMandate,
    ReviewOutcome,
)
from .consent import (
    Consent,
    ConsentAmendment,
    Exclusion,
    RecordedVia,
    categories_text,
)
from .family import (
    CATEGORIES,
    Category,
    Family,
    FamilyLanguage,
    Person,
    PersonRole,
    PhoneLabel,
    Sex,
)
from .trajectory import (
    POSTNATAL_DAYS,
    ROLE_BY_DISCIPLINE,
    CareTeamMember,
    ClosedReason,
    CoordinatorAssignment,
    Parity,
    Phase,
    RiskLevel,
    TeamRole,
    Trajectory,
    TrajectoryChild,
    TrajectoryStatus,
    usual_team_role,
)

__all__ = [
    "AccessAction",
    "AccessEvent",
    "BreakGlassAccess",
    "CATEGORIES",
    "CareTeamMember",
    "Category",
    "ClosedReason",
    "Consent",
    "ConsentAmendment",
    "CoordinatorAssignment",
    "Exclusion",
    "Family",
    "FamilyLanguage",
    "POSTNATAL_DAYS",
    "Parity",
    "Person",
    "PersonRole",
    "Phase",
    "PhoneLabel",
    "RecordedVia",
    "ReviewMandate",
    "ReviewOutcome",
    "ROLE_BY_DISCIPLINE",
    "RiskLevel",
    "Sex",
    "TeamRole",
    "Trajectory",
    "TrajectoryChild",
    "TrajectoryStatus",
    "usual_team_role",
    "categories_text",
]
