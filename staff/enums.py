from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of staff members, each a group of permissions (``staff.roles``)."""

    ADMINISTRATOR = "administrateur", _("Administrateur national")
    EDITOR = "editeur", _("Éditeur territorial")
    REVIEWER = "relecteur", _("Relecteur")
    READER = "lecteur", _("Lecteur")
