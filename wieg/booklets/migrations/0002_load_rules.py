from django.db import migrations


def load(apps, schema_editor):
    from wieg.booklets.rules import load_rule_files

    load_rule_files(apps.get_model("booklets", "RuleSet"))


class Migration(migrations.Migration):
    dependencies = [("booklets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
