"""Loads the pathway data files (data/pathways/*.json) into PathwayTemplate and TemplateItem rows.

Idempotent: a file whose (code, version) is loaded updates those rows; a new version becomes the active
one and older versions of that pathway are kept (plans point to the item they came from) but inactive.
Used by a data migration and by `manage.py load_pathways`.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "pathways"
LANGUAGES = ("nl", "fr", "en")
UNITS = {"ga_weeks", "hours", "days", "weeks", "months"}
ANCHORS = {"due_date", "birth"}
KINDS = {"contact", "home_visit", "ultrasound", "test", "screening", "vaccination", "goal", "action"}
CONDITION_KEYS = {"parity", "risk_level", "plurality_min", "nicu"}
# What may close an item: a screening moment of the screening schedule, or an accepted referral.
FULFILMENT_SOURCES = {"screening", "referral"}


class TemplateError(ValueError):
    pass


def read_files(directory: Path = DATA_DIR) -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))]


def _labels(labels: dict, where: str) -> dict:
    missing = [lang for lang in LANGUAGES if not labels.get(lang)]
    if missing:
        raise TemplateError(f"{where}: label missing for {', '.join(missing)}")
    return {lang: labels[lang] for lang in LANGUAGES}


def expand_items(data: dict) -> list[dict]:
    """The file's items with repeats written out (codes `<code>.<n>`, `{n}` in labels), validated."""
    items = []
    for raw in data["items"]:
        code = raw["code"]
        window = raw["window"]
        if window["anchor"] not in ANCHORS or window["unit"] not in UNITS:
            raise TemplateError(f"{code}: unknown anchor or unit")
        if raw["kind"] not in KINDS:
            raise TemplateError(f"{code}: unknown kind {raw['kind']}")
        unknown = set(raw.get("conditions", {})) - CONDITION_KEYS
        if unknown:
            raise TemplateError(f"{code}: unknown conditions {sorted(unknown)}")
        labels = _labels(raw["labels"], code)
        fulfilled_by = list(raw.get("fulfilled_by", []))
        for key in fulfilled_by:
            source, _sep, name = str(key).partition(":")
            if source not in FULFILMENT_SOURCES or not name:
                raise TemplateError(
                    f"{code}: fulfilled_by {key!r} is not 'screening:<moment>' or 'referral:<service>'"
                )
        base = {
            "kind": raw["kind"],
            "anchor": window["anchor"],
            "unit": window["unit"],
            "disciplines": "," + ",".join(raw.get("disciplines", [])) + "," if raw.get("disciplines") else "",
            "counts_toward_minimum": bool(raw.get("counts_toward_minimum", False)),
            "conditions": raw.get("conditions", {}),
            "checklist": [
                {"code": c["code"], "labels": _labels(c["labels"], f"{code}/{c['code']}")}
                for c in raw.get("checklist", [])
            ],
            "fulfilled_by": fulfilled_by,
            "source": raw.get("source", "")[:300],
        }
        repeat = raw.get("repeat")
        if repeat:
            count = repeat.get("count") or data.get("parameters", {}).get(repeat.get("count_parameter"), 0)
            for n in range(1, int(count) + 1):
                start = repeat["start"] + (n - 1) * repeat["every"]
                items.append(
                    {
                        **base,
                        "code": f"{code}.{n}",
                        "start": start,
                        "end": start + repeat["length"],
                        "labels": {k: v.replace("{n}", str(n)) for k, v in labels.items()},
                    }
                )
        else:
            if window["end"] < window["start"]:
                raise TemplateError(f"{code}: window ends before it starts")
            items.append(
                {**base, "code": code, "start": window["start"], "end": window["end"], "labels": labels}
            )
    codes = [i["code"] for i in items]
    if len(codes) != len(set(codes)):
        raise TemplateError(f"{data['code']}: duplicate item codes")
    return items


def load(template_model, item_model, files: list[dict] | None = None) -> list:
    """Upsert every file. Works with the real models and with a migration's historical models."""
    loaded = []
    # An older migration's historical model lacks the later columns: it loads what it has.
    columns = {f.name for f in item_model._meta.get_fields()}
    for data in files if files is not None else read_files():
        items = expand_items(data)
        template, _ = template_model.objects.update_or_create(
            code=data["code"],
            version=data["version"],
            defaults={
                "labels": _labels(data["labels"], data["code"]),
                "description": data.get("description", {}),
                "source": data.get("source", ""),
                "parameters": data.get("parameters", {}),
                "active": True,
            },
        )
        template_model.objects.filter(code=data["code"]).exclude(pk=template.pk).update(active=False)
        keep = []
        for order, item in enumerate(items):
            row, _ = item_model.objects.update_or_create(
                template=template,
                code=item["code"],
                defaults={**{k: v for k, v in item.items() if k != "code" and k in columns}, "order": order},
            )
            keep.append(row.pk)
        item_model.objects.filter(template=template).exclude(pk__in=keep).delete()
        loaded.append(template)
    return loaded
