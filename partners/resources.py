"""The portal's own shape of organisation lists, for exports (django-import-export).

Its columns are those the import reads back (partners.importing.fields.PORTAL_COLUMNS): an
export re-imports with no change. Contact people are never part of it.
"""

from import_export import fields, resources
from import_export.formats import base_formats

from core.spreadsheet import neutralise
from partners.importing.fields import PORTAL_COLUMNS
from partners.models import Organisation


class OrganisationResource(resources.ModelResource):
    class Meta:
        model = Organisation
        fields = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for header, name in PORTAL_COLUMNS.items():
            self.fields[header] = fields.Field(attribute=name, column_name=header, readonly=True)

    def get_export_order(self):
        return list(PORTAL_COLUMNS)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("commune")

    def dehydrate_dissoute(self, organisation):
        return "oui" if organisation.is_dissolved else ""

    def dehydrate_date_dissolution(self, organisation):
        return organisation.dissolved_on.isoformat() if organisation.dissolved_on else ""

    def dehydrate_code_insee(self, organisation):
        return organisation.commune.code if organisation.commune else ""

    def dehydrate_commune(self, organisation):
        return organisation.commune.name if organisation.commune else ""


class _Neutralised:
    """Spreadsheet formats whose text cells cannot run as formulas (=, +, -, @, tab, CR)."""

    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class CSV(_Neutralised, base_formats.CSV):
    pass


class XLSX(_Neutralised, base_formats.XLSX):
    pass


EXPORT_FORMATS = [CSV, XLSX, base_formats.JSON]
FORMATS_BY_NAME = {"csv": CSV, "xlsx": XLSX, "json": base_formats.JSON}
