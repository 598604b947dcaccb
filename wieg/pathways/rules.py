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
