"""Scoring as pure functions over an instrument definition (the versioned data file) and the answers.

Answers are positions in printed order (0 = the first option shown). The points each position is worth
live in the definition, so reverse-scored EPDS items are data, not code: the server always scores.
No database, no Django: these functions are tested over the whole answer table.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput


@dataclass(frozen=True)
class Result:
    score: Decimal
    flags: tuple[str, ...]
    item_points: dict[str, Decimal] = field(default_factory=dict)
    indicator_scores: dict[str, Decimal] = field(default_factory=dict)
    positions: dict[str, int | None] = field(default_factory=dict)


def _asked(item: dict, positions: dict[str, int | None], points_of) -> bool:
    condition = item.get("asked_if")
    if not condition:
        return True
    return any(
        positions.get(key) is not None and points_of(key, positions[key]) >= condition["points_at_least"]
        for key in condition["items"]
    )


def normalise_answers(definition: dict, answers: Any) -> dict[str, int | None]:
    """Answers as {item key: position}. Accepts a list in item order or a mapping by item key.

    Raises InvalidInput naming the offending answer (`answers.3` or `answers.<item key>`).
    """
    items = definition["items"]
    keys = [item["key"] for item in items]
    if isinstance(answers, dict):
        unknown = [k for k in answers if k not in keys]
        if unknown:
            raise InvalidInput(
                _("Onbekende vraag: %(key)s.") % {"key": unknown[0]}, field=f"answers.{unknown[0]}"
            )
        raw = {k: answers.get(k) for k in keys}
        label = {k: f"answers.{k}" for k in keys}
    elif isinstance(answers, list | tuple):
        optional = sum(1 for item in items if item.get("asked_if"))
        if not len(keys) - optional <= len(answers) <= len(keys):
            raise InvalidInput(
                _("Verwacht %(n)s antwoorden, kreeg er %(got)s.") % {"n": len(keys), "got": len(answers)},
                field="answers",
            )
        padded = list(answers) + [None] * (len(keys) - len(answers))
        raw = dict(zip(keys, padded, strict=True))
        label = {k: f"answers.{i}" for i, k in enumerate(keys)}
    else:
        raise InvalidInput(_("Geef de antwoorden als lijst."), field="answers")

    by_key = {item["key"]: item for item in items}
    positions: dict[str, int | None] = {}
    errors: dict[str, list] = {}
    for key in keys:
        value = raw[key]
        item = by_key[key]
        if value is None:
            positions[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors.setdefault(label[key], []).append(_("Een antwoord is het nummer van de gekozen optie."))
            continue
        if not 0 <= value < len(item["options"]):
            errors.setdefault(label[key], []).append(
                _("Antwoord %(value)s ligt niet tussen 0 en %(max)s.")
                % {"value": value, "max": len(item["options"]) - 1}
            )
            continue
        positions[key] = value
    if errors:
        raise InvalidInput(_("Niet alle antwoorden zijn geldig."), errors=errors)

    def points_of(key, position):
        return Decimal(str(by_key[key]["options"][position]["points"]))

    for item in items:
        key = item["key"]
        asked = _asked(item, positions, points_of)
        if asked and positions[key] is None:
            errors.setdefault(label[key], []).append(_("Deze vraag is niet beantwoord."))
        elif not asked:
            positions[key] = None  # an answer to a question that is not asked does not count
    if errors:
        raise InvalidInput(_("Niet alle vragen zijn beantwoord."), errors=errors)
    return positions


def score(definition: dict, answers: Any) -> Result:
    """Total, per-item points, per-indicator scores and the flags the definition's rules raise."""
    positions = normalise_answers(definition, answers)
    item_points: dict[str, Decimal] = {}
    total = Decimal(0)
    indicator_scores: dict[str, Decimal] = {i["key"]: Decimal(0) for i in definition.get("indicators", [])}
    for item in definition["items"]:
        position = positions[item["key"]]
        if position is None:
            continue
        points = Decimal(str(item["options"][position]["points"]))
        item_points[item["key"]] = points
        if item.get("counts", True):
            total += points
        if item.get("indicator"):
            indicator_scores[item["indicator"]] += points

    flags: list[str] = []
    for indicator in definition.get("indicators", []):
        if indicator_scores[indicator["key"]] >= Decimal(str(indicator["threshold"])):
            flags.append(indicator["flag"])
    for rule in definition.get("total_flags", []):
        if total >= Decimal(str(rule["min"])):
            flags.append(rule["flag"])
    for rule in definition.get("item_flags", []):
        if item_points.get(rule["item"], Decimal(0)) >= Decimal(str(rule["min_points"])):
            flags.append(rule["flag"])
    return Result(
        score=total,
        flags=tuple(dict.fromkeys(flags)),
        item_points=item_points,
        indicator_scores=indicator_scores,
        positions=positions,
    )


def flag_level(definition: dict, flag: str) -> str:
    return definition["flags"][flag]["level"]


LEVEL_ORDER = {"attention": 1, "high": 2, "urgent": 3}


def matching_rules(rules: list[dict], flags: dict[str, str], *, prenatal: bool) -> list[dict]:
    """The suggestion rules that fire for these flags ({code: level}), in file order."""
    fired = []
    for rule in rules:
        when = rule["when"]
        hit = False
        if "any_flags" in when:
            hit = any(code in flags for code in when["any_flags"])
        if "min_flags_of_level" in when:
            wanted = when["min_flags_of_level"]
            at_least = LEVEL_ORDER[wanted["level"]]
            hit = (
                hit or sum(1 for level in flags.values() if LEVEL_ORDER[level] >= at_least) >= wanted["count"]
            )
        if hit and rule.get("only_prenatal") and not prenatal:
            hit = False
        if hit:
            fired.append(rule)
    return fired
