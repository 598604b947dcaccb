"""Loads the versioned data files (questionnaires, suggestion rules, screening moments) into the database.

A version, once loaded, is never rewritten: a changed questionnaire is a new file with a new version,
so old screenings keep being read with the definition they were scored on.
"""

import json
import re
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict

from .models import Instrument, LicensedText, SuggestionRuleSet

DATA = Path(__file__).resolve().parent / "data"
INSTRUMENT_CODES = ("psychosocial", "epds", "whooley")
SELF_REPORT = ("epds", "whooley")  # questionnaires a parent may fill in herself in the portal
# The canonical URL of each questionnaire (FHIR Questionnaire.url); the version follows after "|".
QUESTIONNAIRE_BASE = "https://wieg.be/fhir/Questionnaire"


def canonical(code: str) -> str:
    return f"{QUESTIONNAIRE_BASE}/{code}"


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
            code=definition["code"],
            version=definition["version"],
            # A version that shipped stand-in wording is loaded retired, as migration 0004 left it.
            defaults={"definition": definition, "active": not ships_stand_ins(definition)},
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


# --- texts ---------------------------------------------------------------------------------------------
# A scored form is never shown with stand-in wording: a text that is empty or reads like "answer 2" is a
# placeholder, and the instrument is refused in that language until real texts are shipped or loaded.
PLACEHOLDER = re.compile(r"^\s*(antwoord|réponse|reponse|answer|option|optie|vraag|question)\s*\d*\s*$", re.I)
LANGUAGES = ("nl", "fr", "en")


def is_placeholder(text) -> bool:
    return not isinstance(text, str) or not text.strip() or bool(PLACEHOLDER.match(text))


def ships_stand_ins(definition: dict) -> bool:
    """Whether a data file's own wording has a placeholder anywhere (in any language it gives)."""
    for item in definition["items"]:
        for labels in [item["label"], *(o["label"] for o in item["options"])]:
            values = labels.values() if isinstance(labels, dict) else [labels]
            if any(is_placeholder(value) for value in values):
                return True
    return False


def _structure(definition: dict) -> list:
    return [(i["key"], [o["points"] for o in i["options"]]) for i in definition["items"]]


def texts_for(instrument: Instrument) -> dict:
    """The definition whose wording shows a screening: its own, or, when its version shipped stand-in
    wording, the newest version of the same instrument with the same items and the same points."""
    definition = instrument.definition
    if not any(missing_texts(definition, language, licensed={}) for language in LANGUAGES):
        return definition
    for newer in Instrument.objects.filter(code=instrument.code, version__gt=instrument.version).order_by(
        "-version"
    ):
        if _structure(newer.definition) == _structure(definition):
            return newer.definition
    return definition


def licensed_texts(code: str, language: str) -> dict:
    return {t.item_key: t for t in LicensedText.objects.filter(instrument_code=code, language=language)}


def _label(labels, language: str) -> str:
    if isinstance(labels, str):
        return labels
    return (labels or {}).get(language) or ""


def questionnaire(instrument: Instrument, language: str, *, licensed: dict | None = None) -> dict:
    """The instrument as it is printed in one language: items and answers in printed order, each answer
    with its score. Licensed wording an operator loaded replaces the shipped wording item by item."""
    definition = texts_for(instrument)
    if licensed is None:
        licensed = licensed_texts(instrument.code, language)
    scoring = instrument.definition
    items = []
    for item, scored in zip(definition["items"], scoring["items"], strict=True):
        own = licensed.get(item["key"])
        options = []
        for option, scored_option in zip(item["options"], scored["options"], strict=True):
            text = (
                own.options[option["position"]] if own and own.options else _label(option["label"], language)
            )
            options.append(
                {
                    "position": option["position"],
                    "code": f"{item['key']}-{option['position'] + 1}",
                    "text": text,
                    "score": scored_option["points"],
                }
            )
        items.append(
            {
                "key": item["key"],
                "number": item["number"],
                "text": own.text if own else _label(item["label"], language),
                "scoring": scored.get("scoring"),
                "indicator": scored.get("indicator"),
                "asked_if": scored.get("asked_if"),
                "counts": scored.get("counts", True),
                "options": options,
            }
        )
    return {
        "key": instrument.code,
        "version": instrument.version,
        "language": language,
        "name": _label(definition.get("name") or instrument.code, language),
        "instructions": _label(definition.get("instructions", ""), language),
        "period": _label(definition.get("period", ""), language),
        "citation": _label(definition.get("citation", ""), language),
        "loinc": scoring.get("loinc"),
        "items": items,
    }


def missing_texts(definition: dict, language: str, *, licensed: dict) -> list[int]:
    """Numbers of the items whose question or one of whose answers has no real text in this language."""
    missing = []
    for item in definition["items"]:
        own = licensed.get(item["key"])
        question = own.text if own else _label(item["label"], language)
        answers = (
            list(own.options)
            if own and own.options
            else [_label(option["label"], language) for option in item["options"]]
        )
        if is_placeholder(question) or any(is_placeholder(answer) for answer in answers):
            missing.append(item["number"])
    return missing


def incomplete_items(instrument: Instrument, language: str) -> list[int]:
    """The items that keep this instrument from being shown or scored in this language (none: ready)."""
    return missing_texts(texts_for(instrument), language, licensed=licensed_texts(instrument.code, language))


def refuse_if_incomplete(instrument: Instrument, language: str) -> None:
    missing = incomplete_items(instrument, language)
    if missing:
        raise Conflict(
            _(
                "%(name)s kan niet afgenomen worden: de tekst van vraag %(items)s ontbreekt in deze taal. "
                "Laad de volledige teksten met 'manage.py load_licensed_texts'."
            )
            % {"name": instrument.code.upper(), "items": ", ".join(str(n) for n in missing)},
            field="instrument",
        )
