"""What every ``migrate`` ends with (and every flush of the tests), in this order, once every
app's tables, content types and permissions exist:

1. the history triggers of many-to-many link tables, which django-pgtrigger's migrations do
   not cover (``core.history.install_link_triggers``);
2. the faster trigger functions of django-pgtrigger and django-pghistory, which replace the
   libraries' own and so must come after anything that installs triggers
   (``core.history.install_trigger_functions``);
3. the data version's triggers on every public table, new tables included
   (``core.cache.install_triggers``);
4. the role groups given exactly their permissions, those of new models included
   (``staff.roles.sync_roles``).
"""

from django.apps import apps
from django.db.models.signals import post_migrate


def after_migrate(using="default", **kwargs) -> None:
    from core.cache import install_triggers
    from core.history import install_link_triggers, install_trigger_functions
    from staff.roles import sync_roles

    install_link_triggers(using)
    install_trigger_functions(using)
    install_triggers(using)
    sync_roles(apps, using)


def connect() -> None:
    """Run ``after_migrate`` on the last app's ``post_migrate``: after every app's own."""
    post_migrate.connect(after_migrate, sender=list(apps.get_app_configs())[-1])
