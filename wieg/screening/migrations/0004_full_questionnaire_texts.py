"""Load the questionnaire versions with their full printed wording (EPDS v2, Whooley v2) and retire the
versions that shipped stand-in answers ("antwoord 1"): those can never be administered again. Screenings
scored on them keep their version (same items, same points) and are shown with the newer wording."""

import json
import re
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
PLACEHOLDER = re.compile(r"^\s*(antwoord|réponse|reponse|answer|option|optie|vraag|question)\s*\d*\s*$", re.I)


def _has_placeholder(definition):
    for item in definition["items"]:
        for labels in [item["label"], *(o["label"] for o in item["options"])]:
            values = labels.values() if isinstance(labels, dict) else [labels]
            if any(not (v or "").strip() or PLACEHOLDER.match(v) for v in values):
                return True
    return False


def load(apps, schema_editor):
    Instrument = apps.get_model("screening", "Instrument")
    for path in sorted((DATA / "instruments").glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        Instrument.objects.get_or_create(
            code=definition["code"], version=definition["version"], defaults={"definition": definition}
        )
    for instrument in Instrument.objects.filter(active=True):
        if _has_placeholder(instrument.definition):
            instrument.active = False
            instrument.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [("screening", "0003_screeningrequest")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
