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
