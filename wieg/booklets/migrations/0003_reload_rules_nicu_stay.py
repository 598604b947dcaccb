from django.db import migrations


def load(apps, schema_editor):
    """The rules file gained the NICU stay (during the admission, at least 14 days): load it again."""
    from wieg.booklets.rules import load_rule_files

    load_rule_files(apps.get_model("booklets", "RuleSet"))


class Migration(migrations.Migration):
    dependencies = [("booklets", "0002_load_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
