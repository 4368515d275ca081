"""The data version moves to core (core/migrations/0002_data_version.py renames its table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("integration_portal", "0001_initial"),
        ("core", "0002_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataVersion")],
        ),
    ]
