from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    PLANNED = "en_projet", _("En projet")
    RUNNING = "en_cours", _("En cours")
    FINISHED = "termine", _("Terminé")
    SUSPENDED = "suspendu", _("Suspendu")


class PartnerRole(models.TextChoices):
    LEAD = "porteur", _("Porteur")
    PARTNER = "partenaire", _("Partenaire")
    OPERATOR = "operateur", _("Opérateur")
    FUNDER = "financeur", _("Financeur")


class FundingKind(models.TextChoices):
    GRANT = "subvention", _("Subvention")
    CALL_FOR_PROJECTS = "appel_a_projets", _("Appel à projets")
    CONTRACT = "contrat", _("Contrat")
    EU_FUND = "fonds_europeen", _("Fonds européen")
    OTHER = "autre", _("Autre")


class FundingStatus(models.TextChoices):
    PLANNED = "prevu", _("Prévu")
    COMMITTED = "engage", _("Engagé")
    PAID = "verse", _("Versé")


class FigureApproximation(models.TextChoices):
    EXACT = "", _("Exact")
    ABOUT = "environ", _("environ")
    NEARLY = "pres_de", _("près de")
    OVER = "plus_de", _("plus de")
