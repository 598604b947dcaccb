import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field


class ReferralIn(Schema):
    to_organisation_id: UUID
    service: str = Field(max_length=40)
    reason: str = Field(max_length=4000)
    urgency: Literal["routine", "soon", "urgent"] = "routine"
    # Maternity home care: {"requested_hours": 30, "start": "2027-03-01"}; anything else is kept as given.
    details: dict = Field(default_factory=dict)
    suggestion_id: UUID | None = None
    flag_ids: list[UUID] = Field(default_factory=list, max_length=50)
    previous_id: UUID | None = None


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=4000)


class NoteIn(Schema):
    note: str = Field(default="", max_length=4000)


class AcceptIn(Schema):
    note: str = Field(default="", max_length=4000)
    # An intake: the professional of the receiving organisation who becomes the coordinator.
    professional_id: UUID | None = None


class ServiceOut(Schema):
    key: str
    label: str
    organisation_kinds: list[str]
    consent_categories: list[str]
    names_coordinator: bool


class ServiceList(Schema):
    items: list[ServiceOut]
    count: int


class WaitingFor(Schema):
    organisation_id: str
    missing_categories: list[str]


class OutcomeIn(Schema):
    outcome: str = Field(max_length=4000)


class StepOut(Schema):
    at: dt.datetime
    status: str
    by: str | None
    organisation: str | None
    note: str
    reminder: bool


class ReferralOut(Schema):
    id: str
    trajectory_id: str
    family_name: str
    service: str
    service_label: str
    status: str
    fhir_task_status: str
    urgency: str
    reason: str
    waiting_for_consent: bool
    waiting_for: dict | None = None
    from_professional: str
    from_organisation: dict
    to_organisation: dict
    requested_hours: int | None
    requested_start: dt.date | None
    details: dict
    flags: list[str] | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    answer_due_on: dt.date | None
    decline_reason: str
    outcome: str
    previous_id: str | None
    coordinator: dict | None = None
    waiting_for: WaitingFor | None = None
    steps: list[StepOut] | None = None


class ReferralList(Schema):
    items: list[ReferralOut]
    count: int
