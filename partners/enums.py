from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    STATE_BODY = "etat", _("Administration centrale de l'État")
    STATE_SERVICE = "service_deconcentre", _("Service déconcentré de l'État")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité territoriale")
    SOCIAL_LANDLORD = "bailleur_social", _("Bailleur social")
    FUNDER = "fondation", _("Fondation ou financeur")
    NETWORK = "reseau", _("Réseau")
    COMPANY = "entreprise", _("Entreprise")
    OTHER = "autre", _("Autre")


class ImportStatus(models.TextChoices):
    READING = "lecture", _("Lecture du fichier en cours")
    PREVIEWED = "apercu", _("Aperçu, en attente de confirmation")
    WRITING = "ecriture", _("Import en cours")
    REFUSED = "refuse", _("Fichier refusé")
    DONE = "importe", _("Importé")
    CANCELLED = "abandonne", _("Abandonné")
