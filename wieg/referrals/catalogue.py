"""The referral services and answer times, from the versioned data file."""

import json
from functools import cache
from pathlib import Path

from wieg.screening.models import pick_label

DATA = Path(__file__).resolve().parent / "data"


@cache
def _data() -> dict:
    files = sorted(DATA.glob("services-v*.json"))
    with files[-1].open(encoding="utf-8") as fh:
        return json.load(fh)


def services() -> dict[str, dict]:
    return {s["code"]: s for s in _data()["services"]}


def service(code: str) -> dict | None:
    return services().get(code)


def service_label(code: str) -> str:
    found = service(code)
    return pick_label(found["label"]) if found else code


def service_choices() -> list[tuple[str, str]]:
    return [(code, pick_label(s["label"])) for code, s in services().items()]


def answer_within_working_days(urgency: str) -> int:
    return int(_data()["answer_within_working_days"][urgency])


COORDINATION = "coordination"


def consent_categories(code: str) -> list[str]:
    """The categories the family's consent for the receiving organisation must cover before it is sent."""
    found = service(code)
    return list(found.get("consent_categories", ["contact"])) if found else ["contact"]


def names_coordinator(code: str) -> bool:
    """An intake: accepting it names the trajectory's coordinator in the receiving organisation."""
    found = service(code)
    return bool(found and found.get("names_coordinator"))


def receiving_kinds() -> set[str]:
    """The kinds of organisation that receive referrals (and so have an inbox or an intake queue)."""
    return {kind for s in services().values() for kind in s["organisation_kinds"]}


def intake_kinds() -> set[str]:
    return {
        kind for s in services().values() if s.get("names_coordinator") for kind in s["organisation_kinds"]
    }
