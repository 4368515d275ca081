from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A number the database raises when a transaction that changed public data commits
    (``integration_portal.cache``): cached pages carry the number they were made with."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("version des données publiques")
        verbose_name_plural = _("versions des données publiques")

    def __str__(self):
        return str(self.version)
