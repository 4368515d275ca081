from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared machinery at the bottom of every layer: scope, workflow, revisions."""

    name = "core"
    verbose_name = _("Relecture")
