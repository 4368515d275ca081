from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Dispositifs et programmes")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(
        territorial=("programme", "programmepartner", "funding", "figure"),
        national=("scheme",),
        reviewed=("programme",),
    )
    # Its tables are public data: a change raises the data version (core.cache).
    public_data = True
