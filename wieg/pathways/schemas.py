import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from wieg.core.inputs import ApiDate


class OwnerOut(Schema):
    id: str
    display_name: str


class PlanItemOut(Schema):
    id: str
    code: str
    title: str
    kind: str
    phase: str
    window_start: dt.date
    window_end: dt.date
    status: Literal["planned", "due", "overdue", "done", "cancelled"]
    counts_toward_minimum: bool
    disciplines: list[str]
    owner: OwnerOut | None
    done_on: dt.date | None
    cancelled_reason: str


class MinimumOut(Schema):
    expected_by_now: int
    done: int
    total: int
    missed: int
    behind: bool


class PlanOut(Schema):
    trajectory_id: str
    items: list[PlanItemOut]
    count: int
    minimum: MinimumOut


class PlanItemPatch(Schema):
    window_start: ApiDate | None = None
    window_end: ApiDate | None = None
    status: Literal["planned", "done", "cancelled"] | None = None
    cancelled_reason: str = Field(default="", max_length=300)
    owner_id: UUID | None = None
    title: str | None = Field(default=None, max_length=200)
    done_on: ApiDate | None = None


class PlanItemIn(Schema):
    title: str = Field(max_length=200)
    kind: Literal["contact", "home_visit", "ultrasound", "test", "screening", "vaccination", "goal", "action"]
    window_start: ApiDate
    window_end: ApiDate
    owner_id: UUID | None = None


class ContactIn(Schema):
    date: ApiDate
    kind: Literal["consultation", "home_visit", "phone", "video", "group"]
    plan_item_id: UUID | None = None
    notes: dict[str, str] | str | None = None
    location: str = Field(default="", max_length=200)
    checklist: list[str] = Field(default_factory=list, max_length=50)


class NoteOut(Schema):
    category: str
    text: str


class ContactOut(Schema):
    id: str
    date: dt.date
    kind: str
    plan_item_id: str | None
    professional: str | None
    organisation: str | None
    location: str
    checklist: list[str]
    notes: list[NoteOut]


class ContactList(Schema):
    items: list[ContactOut]
    count: int


class WorklistRow(Schema):
    section: str
    trajectory_id: str
    family: str
    due_date: dt.date
    birth_date: dt.date | None
    item: PlanItemOut | None = None
    last_contact: dt.date | None = None
    # How to reach the pregnant parent: the phone only with the contact category, never for someone not safe
    # to contact.
    phone: str | None = None
    safe_to_contact: bool | None = None
    preferred_language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""


class WorklistOut(Schema):
    scope: str
    items: list[WorklistRow]
    count: int
    sections: dict[str, int]  # rows returned per section
    more: list[str]  # sections with more rows than returned: ask for one with `section`
