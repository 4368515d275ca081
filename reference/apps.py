from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = _("Référentiels")

    def ready(self):
        from reference.history import install_link_triggers

        post_migrate.connect(install_link_triggers, sender=self)
