from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = _("Référentiels")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(national=("territory", "theme", "audience"))
