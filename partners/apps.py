from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Structures")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(
        territorial=("organisation", "contactperson", "membership"),
        reviewed=("organisation",),
        readers=("view_organisationevent",),
        editors=("import_organisation", "export_organisation"),
    )
    # Its tables are public data: a change raises the data version (core.cache).
    public_data = True
    staff_only_models = ("importrecord", "contactperson")

    def ready(self):
        # Its kinds of public records (core.kinds).
        from core.kinds import Kind, register
        from partners.models import Organisation
        from partners.opendata import ORGANISATIONS

        register(
            Kind(
                "structure",
                Organisation,
                _("Structure"),
                _("Structures"),
                ORGANISATIONS,
                heading="name",
                acronym="acronym",
                summary="description",
                position=2,
            )
        )
