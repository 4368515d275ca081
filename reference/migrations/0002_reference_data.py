from django.db import migrations

from reference.loaders import load_lists, load_territories


def forwards(apps, schema_editor):
    load_territories(apps.get_model("reference", "Territory"))
    load_lists(apps.get_model("reference", "Theme"), apps.get_model("reference", "Audience"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
