"""The shapes of organisation lists, recognised from their header row.

Each shape maps the file's columns to the portal's fields (fields.py). Headers are compared
after folding case, accents, punctuation and spaces (« N° RNA » → ``nrna``), so that hand-made
sheets in French or English are read without guessing (by the fields' aliases): a column that
maps to nothing is reported.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from partners.importing.cleaners import fold
from partners.importing.errors import UnusableFile
from partners.importing.fields import ALIAS_FIELDS, FIELD_LABELS, PORTAL_COLUMNS

# The header is looked for among the first rows: title rows may stand above it.
HEADER_ROWS = 10


@dataclass
class Shape:
    key: str
    label: str
    signature: frozenset[str]  # folded headers that identify the shape
    columns: dict[str, str]  # folded header → field
    known: frozenset[str] = frozenset()  # folded headers read by the shape's own rules
    address: Callable[[dict[str, str]], str] | None = None  # composes the address from them
    kind_codes: dict[str, str] | None = None  # the shape's own typology → organisation kind
    default_kind: str = "association"
    # The text of the date of dissolution the shape's own columns give ("" if none).
    dissolution: Callable[[dict[str, str]], str] | None = None


DATAINCLUSION_COLUMNS = {
    "nom": "name",
    "siret": "siret",
    "codepostal": "postcode",
    "codeinsee": "insee_code",
    "commune": "commune_name",
    "telephone": "phone",
    "courriel": "email",
    "siteweb": "website",
}
DATAINCLUSION_ADDRESS = ["adresse", "complementadresse"]
# data·inclusion's typology of structures (v0 "typologie"); other codes read as "autre".
DATAINCLUSION_TYPOLOGIES = {
    "ASSO": "association",
    "ASSO_CHOMEUR": "association",
    "CHRS": "association",
    "CHU": "association",
    "CS": "association",
    "CADA": "association",
    "CAVA": "association",
    "CPH": "association",
    "ML": "association",
    "MUNI": "collectivite",
    "CCAS": "collectivite",
    "CIAS": "collectivite",
    "EPCI": "collectivite",
    "DEPT": "collectivite",
    "REG": "collectivite",
    "PREF": "service_deconcentre",
    "DDETS": "service_deconcentre",
    "DREETS": "service_deconcentre",
    "SPIP": "service_deconcentre",
    "FT": "etat",
    "PE": "etat",
    "CAF": "etat",
    "CPAM": "etat",
    "MSA": "etat",
    "OFII": "etat",
    "ENTR": "entreprise",
    "EI": "entreprise",
    "ETTI": "entreprise",
}
RNA_IMPORT_ADDRESS = ["adr1", "adr2", "adr3"]
# Voie types of the RNA (adrs_typevoie), written out.
VOIE_TYPES = {
    "ALL": "allée",
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "CRS": "cours",
    "IMP": "impasse",
    "PL": "place",
    "QUA": "quai",
    "QU": "quai",
    "RTE": "route",
    "RUE": "rue",
    "SQ": "square",
    "PAS": "passage",
    "PASS": "passage",
    "RPT": "rond-point",
    "LD": "lieu-dit",
    "HAM": "hameau",
    "RES": "résidence",
    "CHS": "chaussée",
    "ESP": "esplanade",
    "FG": "faubourg",
    "PRO": "promenade",
    "SEN": "sentier",
    "VC": "voie communale",
    "ZA": "zone d'activité",
    "ZI": "zone industrielle",
    "CITE": "cité",
    "QUAI": "quai",
    "MTE": "montée",
}


def _joined(known: dict[str, str], keys) -> str:
    return ", ".join(part for key in keys if (part := known.get(key)) and part != "_")


def _waldec_address(known: dict[str, str]) -> str:
    voie_type = known.get("adrstypevoie", "")
    street = " ".join(
        part
        for part in (
            known.get("adrsnumvoie", ""),
            known.get("adrsrepetition", ""),
            VOIE_TYPES.get(voie_type.upper(), voie_type.lower()),
            known.get("adrslibvoie", ""),
        )
        if part and part != "_"
    )
    return _joined({"street": street, **known}, ["street", "adrscomplement", "adrsdistrib"])


# The Journal officiel des associations (JOAFE): one announcement a row, of a kind (création,
# modification, dissolution…) published on a date.
JOAFE_KIND = ["typedannonce", "typeannonce", "typedavis", "typeavis", "nature", "type"]
JOAFE_DATE = "datedeparution"


def _joafe_dissolution(known: dict[str, str]) -> str:
    """A dissolution announcement dissolves the association on its date of publication."""
    kind = next((known[key] for key in JOAFE_KIND if known.get(key)), "")
    return known.get(JOAFE_DATE, "") if "dissolution" in fold(kind) else ""


WALDEC_ADDRESS = [
    "adrscomplement",
    "adrsnumvoie",
    "adrsrepetition",
    "adrstypevoie",
    "adrslibvoie",
    "adrsdistrib",
]
SHAPES = [
    Shape(
        key="rna_waldec",
        label="Répertoire national des associations (RNA), export « waldec »",
        signature=frozenset({"id", "titre", "adrscodeinsee", "adrscodepostal", "position"}),
        columns={
            "id": "rna",
            "siret": "siret",
            "titre": "name",
            "titrecourt": "acronym",
            "objet": "description",
            "adrscodepostal": "postcode",
            "adrscodeinsee": "insee_code",
            "adrslibcommune": "commune_name",
            "siteweb": "website",
        },
        known=frozenset([*WALDEC_ADDRESS, "datedisso", "position"]),
        address=_waldec_address,
        dissolution=lambda known: known.get("datedisso", ""),
    ),
    Shape(
        key="rna_import",
        label="Répertoire national des associations (RNA), fichier « import »",
        signature=frozenset({"id", "titre", "adr1", "libcom"}),
        columns={
            "id": "rna",
            "siret": "siret",
            "titre": "name",
            "objet": "description",
            "adrscodepostal": "postcode",
            "adrscodeinsee": "insee_code",
            "libcom": "commune_name",
            "siteweb": "website",
            "email": "email",
            "telephone": "phone",
        },
        known=frozenset([*RNA_IMPORT_ADDRESS, "position"]),
        address=lambda known: _joined(known, RNA_IMPORT_ADDRESS),
    ),
    Shape(
        key="datainclusion_v0",
        label="data·inclusion, structures (schéma v0)",
        signature=frozenset({"id", "nom", "rna", "typologie", "codeinsee"}),
        columns=DATAINCLUSION_COLUMNS
        | {"rna": "rna", "presentationresume": "description", "typologie": "kind"},
        kind_codes=DATAINCLUSION_TYPOLOGIES,
        known=frozenset(DATAINCLUSION_ADDRESS),
        address=lambda known: _joined(known, DATAINCLUSION_ADDRESS),
        default_kind="autre",
    ),
    Shape(
        key="datainclusion_v1",
        label="data·inclusion, structures (schéma v1)",
        signature=frozenset({"source", "id", "nom", "datemaj", "codeinsee"}),
        columns=DATAINCLUSION_COLUMNS | {"description": "description"},
        known=frozenset(DATAINCLUSION_ADDRESS),
        address=lambda known: _joined(known, DATAINCLUSION_ADDRESS),
        default_kind="autre",
    ),
    Shape(
        key="joafe",
        label="Journal officiel des associations (JOAFE), annonces",
        signature=frozenset({"titre", JOAFE_DATE}),
        columns=ALIAS_FIELDS
        | {
            "titre": "name",
            "identifiantassociation": "rna",
            "numerodelassociation": "rna",
            "ville": "commune_name",
            "objet": "description",
        },
        known=frozenset([*JOAFE_KIND, JOAFE_DATE]),
        dissolution=_joafe_dissolution,
    ),
    Shape(
        key="portal",
        label="export du portail de l'intégration",
        signature=frozenset(fold(header) for header in PORTAL_COLUMNS),
        columns={fold(header): name for header, name in PORTAL_COLUMNS.items()},
    ),
]


@dataclass
class Mapping:
    """How a file's columns are read: its shape, and for each field the column index."""

    shape: Shape
    header: list[str]
    fields: dict[str, int]  # field → index of its column
    known: dict[str, int]  # folded header → index, for the shape's own rules
    unmapped: list[str] = field(default_factory=list)  # headers read by nothing
    duplicates: list[str] = field(default_factory=list)  # messages on repeated columns
    titles: int = 0  # rows holding a value above the header, not read (find_header)

    def column(self, field_name: str) -> str:
        """The file's header for a field (for messages)."""
        index = self.fields.get(field_name)
        return self.header[index] if index is not None else FIELD_LABELS[field_name]


HAND_MADE = Shape(
    key="tableur",
    label="tableur (colonnes reconnues d'après leurs intitulés)",
    signature=frozenset(),
    columns=ALIAS_FIELDS,
)


def _read_header(header: list[str]) -> Mapping:
    """How the columns of ``header`` would be read, whether or not it names the name."""
    folded = [fold(cell) for cell in header]
    present = set(folded)
    shape = next((s for s in SHAPES if s.signature <= present), HAND_MADE)
    fields: dict[str, int] = {}
    known: dict[str, int] = {}
    unmapped = []
    repeated: dict[str, list[str]] = {}  # field → the headers of the columns left out
    for index, key in enumerate(folded):
        if key in shape.known:
            known.setdefault(key, index)
            continue
        name = shape.columns.get(key)
        if name is None:
            if header[index].strip():
                unmapped.append(header[index])
        elif name in fields:
            repeated.setdefault(name, []).append(header[index])
        else:
            fields[name] = index
    duplicates = [
        _left_out(columns, name, header[fields[name]]) for name, columns in repeated.items()
    ]
    return Mapping(shape, header, fields, known, unmapped, duplicates)


def _usable(mapping: Mapping) -> bool:
    """A header names the name, in a row of two cells or more (not a title)."""
    return "name" in mapping.fields and sum(1 for cell in mapping.header if cell.strip()) > 1


def detect(header: list[str], line: int = 1) -> Mapping:
    """How the columns of the header row ``line`` are read; UnusableFile if it names no name."""
    mapping = _read_header(header)
    if "name" not in mapping.fields:
        raise UnusableFile(_no_name(mapping, line))
    return mapping


def _no_name(mapping: Mapping, line: int) -> str:
    if not mapping.fields and not mapping.known:
        return (
            f"Aucune colonne de la ligne d'en-tête (ligne {line}) n'est reconnue. Colonnes "
            "attendues, par exemple : « Nom », « N° RNA », « SIRET », « Adresse », "
            "« Code postal », « Ville », « Site web », « Courriel »."
        )
    return (
        f"Aucune colonne de la ligne d'en-tête (ligne {line}) ne donne le nom des structures "
        "(« Nom », « Raison sociale », « Nom de l'association », « Titre », « Name »…)."
    )


def find_header(table) -> Mapping:
    """The header among the first HEADER_ROWS rows of ``table`` (reading.Table), title rows
    standing above it: the first that names the name in two cells or more (else in one: a
    sheet of one column). The table then
    starts below it (its ``header``, ``header_line`` and ``records`` are replaced). Without
    one, UnusableFile names the row with the most columns recognised, the first on a tie."""
    rows = [(table.header_line, table.header)]
    records = iter(table.records)
    while len(rows) < HEADER_ROWS and (record := next(records, None)) is not None:
        rows.append(record)
    readings = [_read_header(cells) for _, cells in rows]
    found = next((i for i, mapping in enumerate(readings) if _usable(mapping)), None)
    if found is None:  # a sheet of one column
        found = next((i for i, mapping in enumerate(readings) if "name" in mapping.fields), None)
    if found is None:
        best = max(
            range(len(rows)),
            key=lambda i: (len(readings[i].fields) + len(readings[i].known), -i),
        )
        raise UnusableFile(_no_name(readings[best], rows[best][0]))
    table.header_line, table.header = rows[found]
    table.records = itertools.chain(rows[found + 1 :], records)
    readings[found].titles = found
    return readings[found]


def _left_out(columns: list[str], field_name: str, read_from: str) -> str:
    """One note per field, however many columns repeat it."""
    listed = ", ".join(f"« {column} »" for column in columns)
    what = f"Colonne {listed} ignorée" if len(columns) == 1 else f"Colonnes {listed} ignorées"
    return (
        f"{what} : le champ « {FIELD_LABELS[field_name]} » est déjà lu dans la colonne "
        f"« {read_from} »."
    )
