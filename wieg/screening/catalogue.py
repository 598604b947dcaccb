"""Loads the versioned data files (questionnaires, suggestion rules, screening moments) into the database.

A version, once loaded, is never rewritten: a changed questionnaire is a new file with a new version,
so old screenings keep being read with the definition they were scored on.
"""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from .models import Instrument, SuggestionRuleSet

DATA = Path(__file__).resolve().parent / "data"
INSTRUMENT_CODES = ("psychosocial", "epds", "whooley")


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def instrument_files() -> list[Path]:
    return sorted((DATA / "instruments").glob("*.json"))


def rule_files() -> list[Path]:
    return sorted(DATA.glob("suggestion-rules-v*.json"))


@transaction.atomic
def load_all() -> dict[str, int]:
    """Load every data file not yet in the database. Returns how many rows were added per kind."""
    added = {"instruments": 0, "rule_sets": 0}
    for path in instrument_files():
        definition = _read(path)
        _, created = Instrument.objects.get_or_create(
            code=definition["code"], version=definition["version"], defaults={"definition": definition}
        )
        added["instruments"] += int(created)
    for path in rule_files():
        data = _read(path)
        _, created = SuggestionRuleSet.objects.get_or_create(
            version=data["version"], defaults={"rules": data["rules"]}
        )
        added["rule_sets"] += int(created)
    return added


def instrument(code: str) -> Instrument:
    """The newest active version of an instrument (loaded on first use if the table is empty)."""
    found = Instrument.objects.filter(code=code, active=True).order_by("-version").first()
    if found is None:
        load_all()
        found = Instrument.objects.filter(code=code, active=True).order_by("-version").first()
    if found is None:
        raise Instrument.DoesNotExist(code)
    return found


def rule_set() -> SuggestionRuleSet:
    found = SuggestionRuleSet.objects.order_by("-version").first()
    if found is None:
        load_all()
        found = SuggestionRuleSet.objects.order_by("-version").first()
    return found


@cache
def schedule() -> list[dict]:
    """When screenings are expected (the Flemish timeline), read from the data file."""
    files = sorted(DATA.glob("schedule-v*.json"))
    return _read(files[-1])["moments"]
