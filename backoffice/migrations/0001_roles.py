"""The four roles, as groups holding their permissions (staff/roles.py). The permissions are
created first: on a fresh database Django creates them only after every migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from staff.roles import sync_roles

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("staff", "0001_initial"),
        ("reference", "0003_search_and_territory_codes"),
        ("partners", "0007_workflow"),
        ("programmes", "0004_workflow"),
        ("events", "0006_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
