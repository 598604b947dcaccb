"""Loads the life domains of the roadmap from the versioned data file (idempotent)."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_life_domains(model, path: Path | None = None) -> int:
    data = json.loads((path or DATA_DIR / "life_domains.json").read_text(encoding="utf-8"))
    for row in data["life_domains"]:
        model.objects.update_or_create(
            key=row["key"],
            defaults={
                "order": row["order"],
                "name_nl": row["name"]["nl"],
                "name_fr": row["name"]["fr"],
                "name_en": row["name"]["en"],
                "themes": row.get("themes", {}).get("nl", []),
            },
        )
    return len(data["life_domains"])
