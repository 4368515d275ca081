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

    def ready(self):
        # Its kinds of public records (core.kinds).
        from core.kinds import Kind, register
        from programmes.models import Programme, Scheme
        from programmes.opendata import PROGRAMMES, SCHEMES

        register(
            Kind(
                "programme",
                Programme,
                _("Programme"),
                _("Programmes"),
                PROGRAMMES,
                heading="title",
                summary="summary",
                position=0,
            ),
            Kind(
                "dispositif",
                Scheme,
                _("Dispositif"),
                _("Dispositifs"),
                SCHEMES,
                heading="name",
                acronym="acronym",
                summary="summary",
                located=False,
                position=1,
            ),
        )
