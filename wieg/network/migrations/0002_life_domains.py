from django.db import migrations


def load(apps, schema_editor):
    from wieg.network.reference import load_life_domains

    load_life_domains(apps.get_model("network", "LifeDomain"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
