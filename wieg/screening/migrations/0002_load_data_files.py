import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Instrument = apps.get_model("screening", "Instrument")
    SuggestionRuleSet = apps.get_model("screening", "SuggestionRuleSet")
    for path in sorted((DATA / "instruments").glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        Instrument.objects.get_or_create(code=definition["code"], version=definition["version"],
                                         defaults={"definition": definition})
    for path in sorted(DATA.glob("suggestion-rules-v*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        SuggestionRuleSet.objects.get_or_create(version=data["version"], defaults={"rules": data["rules"]})


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
