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
