import datetime as dt
from typing import Any, Literal

from ninja import Schema


class ScreeningIn(Schema):
    instrument: Literal["psychosocial", "epds", "whooley"]
    # A list of positions in printed order (0 = first option), or {item key: position}.
    answers: Any
    respondent: Literal["professional", "parent"] = "professional"


class FlagOut(Schema):
    id: str
    code: str
    level: str
    label: str
    action_taken_at: dt.datetime | None


class SuggestionOut(Schema):
    id: str
    rule: str
    kind: str
    action: dict
    label: str
    flags: list[str]
    due_by: dt.date | None
    status: str
    reason: str


class ScreeningOut(Schema):
    id: str
    trajectory_id: str
    instrument: str
    instrument_version: int
    performed_at: dt.datetime
    respondent: str
    score: float
    indicator_scores: dict
    answers: dict
    flags: list[FlagOut]
    suggestions: list[SuggestionOut]


class ScreeningList(Schema):
    items: list[ScreeningOut]
    count: int


class DecisionIn(Schema):
    reason: str = ""


class ActionIn(Schema):
    action_taken: str
