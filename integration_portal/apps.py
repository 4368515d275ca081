from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntegrationPortalConfig(AppConfig):
    name = "integration_portal"
    verbose_name = "Portail de l'intégration"

    def ready(self):
        from integration_portal.cache import install_triggers

        post_migrate.connect(install_triggers, sender=self)
