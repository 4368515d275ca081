from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryLevel(models.TextChoices):
    COUNTRY = "pays", _("France entière")
    REGION = "region", _("Région")
    DEPARTMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")
