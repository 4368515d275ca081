"""One row of a file → the portal's values, or the reasons it is refused (in French)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from partners.enums import OrganisationKind
from partners.importing.shapes import FIELD_LABELS, Mapping, fold
from partners.models import Organisation
from partners.validators import (
    RNA_MESSAGE,
    RNA_NUMBER,
    SIREN_MESSAGE,
    SIRET_MESSAGE,
    siret_extends_siren,
)
from reference.codes import COMMUNE_CODE, POSTCODE
from reference.spreadsheet import restore

NAME_MAX = Organisation._meta.get_field("name").max_length
ACRONYM_MAX = Organisation._meta.get_field("acronym").max_length
ADDRESS_MAX = Organisation._meta.get_field("address").max_length
MAX_LENGTHS = {
    name: Organisation._meta.get_field(name).max_length for name in ("website", "email", "phone")
}

RNA_RE = re.compile(RNA_NUMBER)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
IDENTIFIER_NOISE = re.compile(r"[\s.\-_/]+")
POSTCODE_RE = re.compile(POSTCODE)
INSEE_RE = re.compile(COMMUNE_CODE)
VALIDATE_EMAIL = EmailValidator()
VALIDATE_URL = URLValidator(schemes=["http", "https"])
NOT_DISSOLVED = {"", "0001-01-01"}

KIND_VALUES = {fold(value): value for value in OrganisationKind.values} | {
    fold(str(label)): value for value, label in OrganisationKind.choices
}
TRUE_WORDS = {"oui", "o", "vrai", "true", "yes", "1", "x", "d"}
FALSE_WORDS = {"non", "n", "faux", "false", "no", "0", "a"}


@dataclass
class Refusal:
    line: int
    column: str
    reason: str

    def __str__(self):
        return f"ligne {self.line}, colonne « {self.column} » : {self.reason}"


class Communes:
    """The shipped communes, for checking postcodes against INSEE codes and finding a commune."""

    def __init__(self, rows):
        self.by_code = {}
        self.by_postcode = {}
        self.names = {None: ""}
        self.codes = {}  # commune → (region code, department code), for the importer's scope
        for pk, code, name, postcodes, *codes in rows:
            self.by_code[code] = (pk, name, postcodes)
            self.names[pk] = name
            if codes:
                self.codes[pk] = tuple(codes)
            for postcode in postcodes:
                self.by_postcode.setdefault(postcode, []).append((pk, fold(name)))

    @classmethod
    def load(cls):
        from reference.models import Territory

        return cls(
            Territory.objects.communes().values_list(
                "id", "code", "name", "postcodes", "region_code", "department_code"
            )
        )

    def find(self, postcode: str, name: str):
        candidates = self.by_postcode.get(postcode, [])
        if len(candidates) == 1:
            return candidates[0][0]
        folded = fold(name)
        matches = [pk for pk, candidate in candidates if candidate == folded]
        return matches[0] if len(matches) == 1 else None


def _text(cells, index) -> str:
    if index is None or index >= len(cells):
        return ""
    return clean_text(cells[index])


def clean_text(value: str) -> str:
    """Trimmed, with the mark of a neutralised formula removed (reference.spreadsheet), Windows
    line ends made plain and control characters (which spreadsheets refuse) removed;
    everything else is kept as given."""
    value = value.strip()
    if value[:1] == "'":
        value = restore(value)
    if value.isprintable():  # the common case, checked in C
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value)


def _identifier(value: str) -> str:
    return IDENTIFIER_NOISE.sub("", value).upper()


def _date(value: str):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def read_row(line: int, cells: list[str], mapping: Mapping, communes: Communes):
    """Return ``(values, refusals)``: the non-empty values of the row, keyed by field."""
    fields = mapping.fields
    raw = {name: _text(cells, index) for name, index in fields.items()}
    known = {key: _text(cells, index) for key, index in mapping.known.items()}
    values: dict = {}
    refusals: list[Refusal] = []

    def refuse(field_name, reason):
        refusals.append(Refusal(line, mapping.column(field_name), reason))

    def checked(field_name, value, validator, invalid):
        """Keep ``value`` if the validator takes it and it fits the field, else refuse it."""
        try:
            if validator:
                validator(value)
        except ValidationError:
            refuse(field_name, invalid)
            return
        limit = MAX_LENGTHS[field_name]
        if len(value) > limit:
            refuse(field_name, f"{FIELD_LABELS[field_name]} : plus de {limit} caractères.")
        else:
            values[field_name] = value

    width = len(mapping.header)
    if len(cells) > width:  # a table's rows end with a cell that is not blank (reading.py)
        refusals.append(
            Refusal(
                line,
                mapping.header[-1],
                f"la ligne a {len(cells)} cellules pour {width} colonnes d'en-tête : une "
                "cellule contient sans doute le séparateur sans être entre guillemets.",
            )
        )
        return values, refusals

    name = raw.get("name", "")
    if not name:
        refuse("name", "le nom est obligatoire.")
    elif len(name) > NAME_MAX:
        refuse("name", f"le nom dépasse {NAME_MAX} caractères ({len(name)}).")
    else:
        values["name"] = name

    if acronym := raw.get("acronym"):
        if len(acronym) > ACRONYM_MAX:
            refuse("acronym", f"le sigle dépasse {ACRONYM_MAX} caractères ({len(acronym)}).")
        else:
            values["acronym"] = acronym

    if kind := raw.get("kind"):
        value = KIND_VALUES.get(fold(kind))
        if mapping.shape.kind_codes is not None:  # a typology of its own (data·inclusion)
            values["kind"] = mapping.shape.kind_codes.get(kind.upper(), OrganisationKind.OTHER)
        elif value is None:
            refuse(
                "kind",
                f"type de structure « {kind} » inconnu (attendu : "
                f"{', '.join(str(label) for label in OrganisationKind.labels)}).",
            )
        else:
            values["kind"] = value

    if rna := raw.get("rna"):
        normalised = _identifier(rna)
        if RNA_RE.match(normalised):
            values["rna"] = normalised
        else:
            refuse("rna", RNA_MESSAGE % {"value": rna})

    if siret := raw.get("siret"):
        normalised = _identifier(siret)
        if stdnum_siret.is_valid(normalised):
            values["siret"] = normalised
            values["siren"] = normalised[:9]
        else:
            refuse("siret", SIRET_MESSAGE % {"value": siret})
    if siren := raw.get("siren"):
        normalised = _identifier(siren)
        if not stdnum_siren.is_valid(normalised):
            refuse("siren", SIREN_MESSAGE % {"value": siren})
        elif not siret_extends_siren(normalised, values.get("siret", "")):
            refuse("siren", f"le SIREN {normalised} ne correspond pas au SIRET {values['siret']}.")
        else:
            values["siren"] = normalised

    if description := raw.get("description"):
        values["description"] = description

    address = raw.get("address", "")
    if mapping.shape.address:
        address = mapping.shape.address(known)
    if address:
        if len(address) > ADDRESS_MAX:
            refuse("address", f"l'adresse dépasse {ADDRESS_MAX} caractères ({len(address)}).")
        else:
            values["address"] = address

    postcode = raw.get("postcode", "").replace(" ", "")
    if postcode and len(postcode) == 4 and postcode.isdigit():
        postcode = "0" + postcode  # Excel drops the leading zero of 01000…09999
    insee = raw.get("insee_code", "").upper()
    if insee and len(insee) == 4 and insee.isdigit():
        insee = "0" + insee
    if postcode:
        if not POSTCODE_RE.match(postcode):
            refuse("postcode", f"« {raw['postcode']} » n'est pas un code postal français.")
            postcode = ""
        else:
            values["postcode"] = postcode
    if insee:
        commune = communes.by_code.get(insee)
        if not INSEE_RE.match(insee):
            refuse("insee_code", f"« {raw['insee_code']} » n'est pas un code commune INSEE.")
        elif commune is not None:
            pk, commune_name, postcodes = commune
            if postcode and postcode not in postcodes:
                refuse(
                    "postcode",
                    f"le code postal {postcode} ne correspond pas à la commune {insee} "
                    f"({commune_name} : {', '.join(postcodes)}).",
                )
            else:
                values["commune_id"] = pk
    elif postcode:
        pk = communes.find(postcode, raw.get("commune_name", ""))
        if pk is not None:
            values["commune_id"] = pk

    if website := raw.get("website"):
        url = website if "://" in website else f"https://{website}"
        checked("website", url, VALIDATE_URL, f"« {website} » n'est pas une adresse web valide.")
    if email := raw.get("email"):
        checked(
            "email",
            email,
            VALIDATE_EMAIL,
            f"« {email} » n'est pas une adresse électronique valide.",
        )
    if phone := raw.get("phone"):
        checked("phone", phone, None, "")

    _read_dissolution(raw, known, values, refuse)
    return values, refusals


def _read_dissolution(raw, known, values, refuse):
    date_text = raw.get("dissolved_on") or known.get("datedisso", "")
    position = known.get("position", "").upper()
    flag = raw.get("is_dissolved", "")
    if date_text not in NOT_DISSOLVED:
        date = _date(date_text)
        if date is None:
            refuse(
                "dissolved_on", f"« {date_text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."
            )
        else:
            values["dissolved_on"] = date
            values["is_dissolved"] = True
    if position == "D":
        values["is_dissolved"] = True
    if flag:
        folded = fold(flag)
        if folded in TRUE_WORDS:
            values["is_dissolved"] = True
        elif folded not in FALSE_WORDS:
            refuse("is_dissolved", f"« {flag} » : indiquez « oui » ou « non ».")
