"""Worklist, reminder and plan parameters from data/rules.json (versioned with the code, never constants)."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@cache
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def worklist_rule(name: str):
    return rules()["worklist"][name]


def reminder_rule(name: str):
    return rules()["reminders"][name]


def plan_rule(name: str):
    return rules()["plan"][name]


def missed_before(today: dt.date) -> dt.date:
    """An open item whose window ended before this day is missed, no longer late."""
    return today - dt.timedelta(days=plan_rule("missed_after_days"))


HOME_FILE = Path(__file__).resolve().parent / "data" / "home-v1.json"


@cache
def _home() -> dict:
    return json.loads(HOME_FILE.read_text(encoding="utf-8"))


def home_sections(organisation_kind: str) -> tuple[str, ...] | None:
    """The sections a home page shows for this kind of organisation, in order; None: every section."""
    listed = _home()["by_organisation_kind"].get(organisation_kind or "")
    return tuple(key.rstrip("?") for key in listed) if listed is not None else None


def home_sections_when_filled(organisation_kind: str) -> frozenset[str]:
    """The sections this kind of organisation sees only when they have rows."""
    listed = _home()["by_organisation_kind"].get(organisation_kind or "") or ()
    return frozenset(key.rstrip("?") for key in listed if key.endswith("?"))
