"""The table of the import's fields (partners/importing/fields.py) and what is derived from it."""

from partners.importing.cleaners import fold
from partners.importing.fields import (
    ALIAS_FIELDS,
    CLEANING_ORDER,
    FIELDS,
    PORTAL_COLUMNS,
    STORED,
)
from partners.importing.shapes import detect
from partners.models import Organisation


def test_cleaners_run_in_the_tables_order_each_after_the_fields_it_reads():
    # Also the order of a row's refusals: the SIRET's before the SIREN's, the date of
    # dissolution's before « dissoute ».
    assert [field.name for field in CLEANING_ORDER] == [
        "name",
        "acronym",
        "kind",
        "rna",
        "siret",
        "siren",
        "description",
        "address",
        "postcode",
        "insee_code",
        "commune_id",
        "website",
        "email",
        "phone",
        "dissolved_on",
        "is_dissolved",
    ]


def test_the_stored_fields_are_organisation_columns_in_the_tables_order():
    columns = {field.attname for field in Organisation._meta.concrete_fields}
    assert set(STORED) <= columns
    assert "insee_code" not in STORED and "commune_name" not in STORED


def test_the_portal_export_reads_back_into_the_same_fields():
    assert list(PORTAL_COLUMNS)[:6] == ["nom", "sigle", "type", "rna", "siren", "siret"]
    mapping = detect(list(PORTAL_COLUMNS))
    assert mapping.shape.key == "portal"
    assert {name: list(PORTAL_COLUMNS)[index] for name, index in mapping.fields.items()} == {
        name: header for header, name in PORTAL_COLUMNS.items()
    }


def test_each_alias_is_folded_and_names_one_field():
    aliases = [alias for field in FIELDS for alias in field.aliases]
    assert len(aliases) == len(ALIAS_FIELDS)  # no alias given to two fields
    assert all(fold(alias) == alias for alias in aliases)
    assert detect(["N° RNA", "Raison sociale", "E-mail"]).fields == {
        "rna": 0,
        "name": 1,
        "email": 2,
    }
