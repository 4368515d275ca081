from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Suivi des contenus")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(readers=("view_correctionreport",), editors=("change_correctionreport",))
