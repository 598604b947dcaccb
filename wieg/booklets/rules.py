"""The booklet rules as data: versioned files under data/, loaded into RuleSet rows, read from the database.

A new procedure or a new edition is a new file (rules-<valid_from>.json), never a code change.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"


def rule_files() -> list[Path]:
    return sorted(DATA_DIR.glob("rules-*.json"))


def load_rule_files(ruleset_model=None) -> int:
    """Load every rules file into the database (insert or update by version). Returns how many files."""
    if ruleset_model is None:
        from .models import RuleSet as ruleset_model
    count = 0
    for path in rule_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        ruleset_model.objects.update_or_create(
            version=data["version"],
            defaults={"valid_from": dt.date.fromisoformat(data["valid_from"]), "data": data},
        )
        count += 1
    return count


@dataclass(frozen=True)
class Rules:
    version: str
    data: dict

    # Booklets and editions
    def editions(self, booklet: str) -> list[str]:
        return list(self.data["booklets"][booklet]["editions"])

    def current_edition(self, booklet: str) -> str:
        return self.data["booklets"][booklet]["current_edition"]

    # Steps
    def step(self, step: str) -> dict:
        return self.data["steps"][step]

    @property
    def steps(self) -> dict:
        return self.data["steps"]

    @property
    def refused_organisation_kinds(self) -> list[str]:
        return list(self.data.get("refused_organisation_kinds", []))

    # Orders
    @property
    def orders(self) -> dict:
        return self.data["orders"]

    @property
    def max_per_order(self) -> int:
        return int(self.orders["max_per_order"])

    @property
    def need_window_months(self) -> int:
        return int(self.orders["need_window_months"])

    @property
    def new_practice_floor(self) -> int:
        return int(self.orders["new_practice_floor"])

    def follow_up_for(self, booklet: str) -> str | None:
        return self.orders.get("follow_up_with", {}).get(booklet)

    @property
    def coverage_days(self) -> int:
        return int(self.data["figures"]["coverage_days_after_birth"])


def current(day: dt.date | None = None) -> Rules:
    """The rules in force on `day` (today by default). Loads the files on first use."""
    from .models import RuleSet

    day = day or timezone.localdate()
    row = RuleSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        load_rule_files()
        row = RuleSet.objects.order_by("valid_from").first()
    return Rules(version=row.version, data=row.data)


def months_ago(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)
