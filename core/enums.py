from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    REVIEW = "a_relire", _("À relire")
    PUBLISHED = "publie", _("Publié")
    ARCHIVED = "archive", _("Archivé")


class RevisionState(models.TextChoices):
    """A proposed change to a live record (``core.models.Revision``)."""

    PENDING = "a_relire", _("À relire")
    SENT_BACK = "renvoyee", _("Renvoyée à son auteur")
    APPROVED = "approuvee", _("Approuvée")
    WITHDRAWN = "retiree", _("Retirée")


OPEN_REVISION_STATES = (RevisionState.PENDING, RevisionState.SENT_BACK)


class RevisionStepKind(models.TextChoices):
    PROPOSED = "proposee", _("Proposée")
    AMENDED = "modifiee", _("Modifiée")
    SENT_BACK = "renvoyee", _("Renvoyée")
    APPROVED = "approuvee", _("Approuvée")
    WITHDRAWN = "retiree", _("Retirée")


class ColumnKind(models.TextChoices):
    """What an open-data column holds, and how it is written (core.opendata)."""

    TEXT = "texte", _("texte")
    INTEGER = "entier", _("nombre entier")
    DECIMAL = "decimal", _("nombre")
    BOOLEAN = "booleen", _("oui ou non")
    DATE = "date", _("date (AAAA-MM-JJ)")
    DATETIME = "date_heure", _("date et heure (ISO 8601, heure de Paris)")
    URL = "url", _("adresse web")
    PAGE = "page", _("adresse de la fiche sur le portail")
    LIST = "liste", _("liste (séparée par « | » en CSV)")
