from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    REVIEW = "a_relire", _("À relire")
    PUBLISHED = "publie", _("Publié")
    ARCHIVED = "archive", _("Archivé")
