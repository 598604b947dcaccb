from django.db import migrations


def load(apps, schema_editor):
    from wieg.core.reference import load_reference_data

    load_reference_data(
        apps.get_model("core", "Province"), apps.get_model("core", "Municipality"), apps.get_model("core", "PostalCode")
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
