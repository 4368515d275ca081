from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Structures")

    def ready(self):
        from partners.history import install_trigger_functions

        post_migrate.connect(install_trigger_functions, sender=self)
