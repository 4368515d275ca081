from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = _("Référentiels")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(national=("territory", "theme", "audience"))
    # Its tables are public data: a change raises the data version (core.cache).
    public_data = True
