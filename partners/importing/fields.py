"""The fields an import fills, each declared once in FIELDS: its label in messages, its header
in the portal's export, the headers naming it in hand-made sheets, and its cleaner
(cleaners.py). The shapes (shapes.py), the row checks (rows.py), the columns the engine writes
and the export (partners.resources) are derived from this table.

Cleaners run in the table's order, except that a cleaner runs after the fields whose cleaned
values it reads: this is also the order of a row's refusals.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partners.importing.cleaners import (
    Row,
    as_given,
    clean_acronym,
    clean_address,
    clean_commune,
    clean_dissolved_on,
    clean_email,
    clean_insee_code,
    clean_is_dissolved,
    clean_kind,
    clean_name,
    clean_phone,
    clean_postcode,
    clean_rna,
    clean_siren,
    clean_siret,
    clean_website,
)


@dataclass(frozen=True)
class Field:
    name: str  # an Organisation column, or a cell other fields' cleaners read (not stored)
    label: str  # in messages: a refusal without a column, a repeated column, a change
    clean: Callable[[str, Row], Any] | None = None  # None: read by another field's cleaner
    export: str = ""  # its header in the portal's export, which imports back unchanged
    aliases: tuple[str, ...] = ()  # folded headers naming it in hand-made sheets
    reads: tuple[str, ...] = ()  # fields whose cleaned values its cleaner reads
    stored: bool = True  # an Organisation column the import writes


FIELDS = (
    Field(
        "name",
        "nom",
        clean_name,
        export="nom",
        aliases=(
            "nom",
            "nomdelassociation",
            "nomdelastructure",
            "nomdelorganisme",
            "raisonsociale",
            "denomination",
            "denominationsociale",
            "name",
            "organisation",
            "organization",
            "structure",
            "association",
            "intitule",
        ),
    ),
    Field(
        "acronym",
        "sigle",
        clean_acronym,
        export="sigle",
        aliases=("sigle", "acronyme", "acronym", "abreviation", "abbreviation"),
    ),
    Field(
        "kind",
        "type de structure",
        clean_kind,
        export="type",
        aliases=("type", "typedestructure", "categorie", "kind", "typologie"),
    ),
    Field(
        "rna",
        "numéro RNA",
        clean_rna,
        export="rna",
        aliases=(
            "rna",
            "nrna",
            "norna",
            "numerorna",
            "numrna",
            "nderna",
            "identifiantrna",
            "rnanumber",
            "rnaid",
            "waldec",
            "numerowaldec",
        ),
    ),
    Field(
        "siren",
        "SIREN",
        clean_siren,
        export="siren",
        aliases=("siren", "nsiren", "nosiren", "numerosiren", "numsiren"),
        reads=("siret",),
    ),
    Field(
        "siret",
        "SIRET",
        clean_siret,
        export="siret",
        aliases=("siret", "nsiret", "nosiret", "numerosiret", "numsiret"),
    ),
    Field(
        "description",
        "présentation",
        as_given,
        export="presentation",
        aliases=("description", "presentation", "objet", "objetsocial", "activite", "activites"),
    ),
    Field(
        "address",
        "adresse",
        clean_address,
        export="adresse",
        aliases=("adresse", "adressepostale", "address", "rue", "voie", "street"),
    ),
    Field(
        "postcode",
        "code postal",
        clean_postcode,
        export="code_postal",
        aliases=("codepostal", "cp", "postcode", "postalcode", "zipcode", "zip"),
    ),
    Field(
        "insee_code",
        "code commune INSEE",
        clean_insee_code,
        export="code_insee",
        aliases=("codeinsee", "insee", "codecommune", "codecommuneinsee", "citycode"),
        stored=False,
    ),
    Field(
        "commune_name",
        "commune",
        export="commune",
        aliases=("ville", "commune", "city", "town", "localite"),
        stored=False,
    ),
    Field("commune_id", "commune", clean_commune, reads=("postcode", "insee_code")),
    Field(
        "website",
        "site web",
        clean_website,
        export="site_web",
        aliases=("siteweb", "siteinternet", "site", "web", "website", "url", "internet"),
    ),
    Field(
        "email",
        "courriel",
        clean_email,
        export="courriel",
        aliases=(
            "courriel",
            "email",
            "mail",
            "adressemail",
            "adressemel",
            "mel",
            "adresseelectronique",
            "emailaddress",
            "adressecourriel",
        ),
    ),
    Field(
        "phone",
        "téléphone",
        clean_phone,
        export="telephone",
        aliases=("telephone", "tel", "phone", "numerodetelephone", "phonenumber", "telephonefixe"),
    ),
    Field(
        "is_dissolved",
        "dissoute",
        clean_is_dissolved,
        export="dissoute",
        aliases=("dissoute", "dissous", "dissolved"),
        reads=("dissolved_on",),
    ),
    Field(
        "dissolved_on",
        "date de dissolution",
        clean_dissolved_on,
        export="date_dissolution",
        aliases=("datededissolution", "datedissolution", "dissolution", "dissolvedon"),
    ),
)

FIELD_LABELS = {entry.name: entry.label for entry in FIELDS}
# The portal's own export: header → field. An export re-imports with no change.
PORTAL_COLUMNS = {entry.export: entry.name for entry in FIELDS if entry.export}
# Hand-made sheets: folded header → field.
ALIAS_FIELDS = {alias: entry.name for entry in FIELDS for alias in entry.aliases}
# The Organisation columns an import writes, in the table's order.
STORED = [entry.name for entry in FIELDS if entry.stored]


def _cleaning_order(fields) -> list[Field]:
    """The fields with a cleaner, in the table's order, each after the fields it reads."""
    by_name = {entry.name: entry for entry in fields}
    order: list[Field] = []

    def place(entry):
        if entry not in order:
            for name in entry.reads:
                place(by_name[name])
            order.append(entry)

    for entry in fields:
        place(entry)
    return [entry for entry in order if entry.clean is not None]


CLEANING_ORDER = _cleaning_order(FIELDS)
