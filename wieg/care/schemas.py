import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from wieg.core.inputs import ApiDate

CategoryName = Literal["contact", "care_plan", "medical", "psychosocial"]
RecordedViaName = Literal["verbal", "signed_form", "parent_portal"]


class MemberIn(Schema):
    role: Literal["pregnant_parent", "co_parent", "caregiver", "child"]
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    birth_date: ApiDate | None = None
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    national_number: str | None = Field(default=None, max_length=20)


class FamilyIn(Schema):
    municipality_nis: str = Field(min_length=5, max_length=5)
    preferred_language: str = "nl"
    interpreter_needed: bool = False
    members: list[MemberIn] = Field(min_length=1, max_length=12)


class PersonOut(Schema):
    id: str
    role: str
    given_name: str
    family_name: str
    birth_date: dt.date | None
    sex: str


class FamilyOut(Schema):
    id: str
    municipality_nis: str
    preferred_language: str
    interpreter_needed: bool
    members: list[PersonOut]


class LookupOut(Schema):
    found: bool
    coordinating_organisation: dict | None = None
    has_access: bool = False
    # Only for whoever sees the file already or may open it in an emergency (ADR 0004).
    trajectory_id: str | None = None
    family_id: str | None = None
    may_break_glass: bool = False


class ConsentIn(Schema):
    categories: list[CategoryName] = Field(min_length=1)
    recorded_via: RecordedViaName


class TrajectoryIn(Schema):
    family_id: UUID
    pregnant_person_id: UUID
    due_date: ApiDate
    parity: Literal["nulliparous", "multiparous"]
    plurality: int = Field(default=1, ge=1, le=8)
    risk_level: Literal["low", "raised", "high"] = "low"
    coordinator_id: UUID | None = None
    consent: ConsentIn


class TrajectoryPatch(Schema):
    due_date: ApiDate | None = None
    risk_level: Literal["low", "raised", "high"] | None = None


class CloseIn(Schema):
    reason: Literal["day_1000", "moved_away", "pregnancy_loss", "declined", "transferred"]


class ProfessionalRef(Schema):
    id: str
    display_name: str
    discipline: str


class OrganisationRef(Schema):
    id: str
    name: str
    kind: str


class CoordinatorOut(Schema):
    professional: ProfessionalRef
    organisation: OrganisationRef
    since: dt.datetime


class TeamMemberOut(Schema):
    id: int
    professional: ProfessionalRef
    organisation: OrganisationRef
    role: str
    start: dt.datetime
    end: dt.datetime | None


class ConsentAmendmentOut(Schema):
    at: dt.datetime
    by: str
    recorded_via: str
    categories_before: list[str]
    categories_after: list[str]
    added: list[str]
    removed: list[str]


class ConsentOut(Schema):
    id: str
    organisation: OrganisationRef | None
    professional: ProfessionalRef | None
    categories: list[str]
    given_at: dt.datetime
    recorded_via: str
    withdrawn_at: dt.datetime | None
    amendments: list[ConsentAmendmentOut] = []


class TrajectoryListItem(Schema):
    id: str
    family_id: str
    pregnant_person: str
    municipality: str
    status: str
    phase: str
    due_date: dt.date
    birth_date: dt.date | None
    child_age_days: int | None
    coordinator: str | None
    is_coordinator: bool
    next_step: str | None
    # The pregnant parent's first phone; null when none, or when she is not safe to contact.
    phone: str | None = None
    safe_to_contact: bool = True
    preferred_language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""


class TrajectoryList(Schema):
    items: list[TrajectoryListItem]
    count: int


class TrajectoryOut(Schema):
    id: str
    family_id: str
    status: str
    closed_reason: str
    phase: str
    due_date: dt.date
    parity: str
    plurality: int
    risk_level: str
    start_date: dt.date
    end_date: dt.date
    birth_date: dt.date | None
    gestational_age_weeks: int | None
    nicu_admission: bool | None
    nicu_admission_date: dt.date | None = None
    nicu_discharge_date: dt.date | None = None
    municipality_nis: str
    preferred_language: str
    interpreter_needed: bool
    pregnant_person: PersonOut
    child: PersonOut | None
    children: list[PersonOut] = []
    members: list[PersonOut]
    coordinator: CoordinatorOut | None
    team: list[TeamMemberOut]
    consents: list[ConsentOut]
    visible_categories: list[str]
    break_glass: bool


class CoordinatorIn(Schema):
    professional_id: UUID
    organisation_id: UUID | None = None


class TeamMemberIn(Schema):
    professional_id: UUID
    role: str
    organisation_id: UUID | None = None


class ConsentGiveIn(Schema):
    organisation_id: UUID | None = None
    professional_id: UUID | None = None
    categories: list[CategoryName] = Field(min_length=1)
    recorded_via: RecordedViaName


class ConsentPatchIn(Schema):
    categories: list[CategoryName] = Field(min_length=1)
    # How the family gave the change; parents always through the portal.
    recorded_via: RecordedViaName | None = None


class WithdrawIn(Schema):
    recorded_via: RecordedViaName = "verbal"


class ExclusionIn(Schema):
    professional_id: UUID
    recorded_via: RecordedViaName


class ChildIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    national_number: str | None = Field(default=None, max_length=20)


class BirthIn(Schema):
    """One child (`child`, as before) or every child born (`children`, twins are two)."""

    birth_date: ApiDate
    child: ChildIn | None = None
    children: list[ChildIn] | None = Field(default=None, max_length=8)
    plurality: int | None = Field(default=None, ge=1, le=8)
    gestational_age_weeks: int | None = Field(default=None, ge=20, le=45)
    nicu_admission: bool = False
    nicu_admission_date: dt.date | None = None
    nicu_discharge_date: dt.date | None = None


class BreakGlassIn(Schema):
    reason: str = Field(max_length=2000)


class BreakGlassOut(Schema):
    id: str
    trajectory_id: str
    opened_at: dt.datetime
    expires_at: dt.datetime


class AccessEventOut(Schema):
    at: dt.datetime
    who: str
    organisation: str | None
    actor_kind: str
    channel: str
    action: str
    object_type: str
    category: str
    break_glass: bool


class BreakGlassOpeningOut(Schema):
    opened_at: dt.datetime
    expires_at: dt.datetime
    who: str
    organisation: str | None
    reason: str
    reviewed: bool
    review_outcome: str


class AccessEventList(Schema):
    items: list[AccessEventOut]
    count: int
    # Every emergency opening of the file, with its reason, whatever page of events is shown.
    break_glass_openings: list[BreakGlassOpeningOut] = []


# Contact details: the service checks every field and answers in the user's language, so the schema only
# gives the shape (no length or choice limits here, whose messages would be in English).


class AddressSchema(Schema):
    street: str = ""
    house_number: str = ""
    box: str = ""
    postal_code: str = ""
    municipality: str = Field(default="", description="A name in Dutch or French, or a NIS code")


class AddressOut(AddressSchema):
    municipality_nis: str = ""


class PhoneSchema(Schema):
    number: str = Field(description="As people write it (0470 12 34 56); answered in E.164")
    label: str = Field(default="mobile", description="mobile | home | work | other")


class ContactOut(Schema):
    address: AddressOut | None
    phones: list[PhoneSchema]
    email: str
    # Not shown to parents: the team's warning, kept from anyone who could read along (docs/adr/0013).
    safe_to_contact: bool | None
    contact_note: str | None


class MemberOut(Schema):
    id: str
    role: str
    given_name: str
    family_name: str
    birth_date: dt.date | None
    preferred_language: str
    interpreter_needed: bool
    interpreter_language: str
    contact: ContactOut | None


class FamilyDetailOut(Schema):
    id: str
    municipality_nis: str
    members: list[MemberOut]


class ContactIn(Schema):
    address: AddressSchema | None = None
    phones: list[PhoneSchema] = Field(default_factory=list)
    email: str = ""
    preferred_language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""
    safe_to_contact: bool | None = Field(default=None, description="Left out or null: unchanged")
    contact_note: str | None = Field(default=None, description="Left out or null: unchanged")
