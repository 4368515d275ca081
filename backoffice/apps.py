from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Suivi des contenus")

    def ready(self):
        from staff.roles import sync_after_migrate

        # After every migrate (and every flush of the tests): the role groups hold exactly
        # their permissions, those of models added since included.
        post_migrate.connect(sync_after_migrate, sender=self)
