from django.db import migrations


def load(apps, schema_editor):
    from wieg.pathways.loader import load as load_files

    load_files(apps.get_model("pathways", "PathwayTemplate"), apps.get_model("pathways", "TemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
