from django.apps import AppConfig


class IntegrationPortalConfig(AppConfig):
    name = "integration_portal"
    verbose_name = "Portail de l'intégration"

    def ready(self):
        from integration_portal.database import connect

        connect()
