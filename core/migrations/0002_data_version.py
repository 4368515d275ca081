"""The data version moves from integration_portal to core, its table renamed with it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_revisions"),
        ("integration_portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE integration_portal_dataversion RENAME TO core_dataversion",
                    "ALTER TABLE core_dataversion RENAME TO integration_portal_dataversion",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.BigIntegerField(default=0, verbose_name="version")),
                    ],
                    options={
                        "verbose_name": "version des données publiques",
                        "verbose_name_plural": "versions des données publiques",
                    },
                ),
            ],
        ),
    ]
