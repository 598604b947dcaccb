import datetime as dt
from typing import Any, Literal

from ninja import Schema

Questionnaire = Literal["psychosocial", "epds", "whooley"]


class ScreeningIn(Schema):
    # `questionnaire` and `instrument` name the same thing; one of them is required.
    questionnaire: Questionnaire | None = None
    instrument: Questionnaire | None = None
    # A list of positions in printed order (0 = first option), or {item key: position}.
    answers: Any
    respondent: Literal["professional", "parent"] = "professional"


class AnswerOut(Schema):
    position: int
    code: str
    text: str
    score: float


class ItemOut(Schema):
    key: str
    number: int
    text: str
    scoring: str | None
    indicator: str | None
    conditional: bool
    counts: bool
    answers: list[AnswerOut]


class QuestionnaireSummary(Schema):
    key: str
    version: int
    name: str
    loinc: str | None
    item_count: int
    self_report: bool
    fhir_url: str


class QuestionnaireList(Schema):
    items: list[QuestionnaireSummary]
    count: int


class FlagRuleOut(Schema):
    code: str
    level: str
    label: str
    min_total: float | None = None
    item: str | None = None
    min_item_score: float | None = None


class QuestionnaireOut(QuestionnaireSummary):
    language: str
    instructions: str
    period: str
    citation: str
    items: list[ItemOut]
    flags: list[FlagRuleOut]


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
    filled_by: str
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
