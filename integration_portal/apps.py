from django.apps import AppConfig


class IntegrationPortalConfig(AppConfig):
    name = "integration_portal"
    verbose_name = "Portail de l'intégration"
