"""One cleaner for each field of the import (declared with it in fields.py): the text of the
field's cell → the field's value, or the reason it is refused, in French.

A cleaner takes the text of its field's cell (trimmed; empty when the cell is empty or the file
has no such column) and the row (Row), and returns the field's value, or None to leave the
stored value as it is (an empty cell never erases). It raises Refused, with the reason, for a
value the portal cannot take.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from core.codes import COMMUNE_CODE, POSTCODE
from partners.enums import OrganisationKind
from partners.models import Organisation
from partners.validators import (
    RNA_MESSAGE,
    RNA_NUMBER,
    SIREN_MESSAGE,
    SIRET_MESSAGE,
    siret_extends_siren,
)

if TYPE_CHECKING:
    from partners.importing.rows import Communes
    from partners.importing.shapes import Shape


def fold(text: str) -> str:
    """« Nom de l’association » → "nomdelassociation": headers and words are compared without
    case, accents, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isascii() and char.isalnum())


@dataclass
class Row:
    """What a cleaner may read besides its own cell."""

    texts: dict[str, str]  # field → the text of its cell, for the fields the file has
    known: dict[str, str]  # folded header → text, for the columns the shape's own rules read
    shape: "Shape"
    communes: "Communes"
    values: dict[str, Any] = field(default_factory=dict)  # field → value, as cleaned so far


class Refused(Exception):
    """A value the portal cannot take: the reason, in French, given in the column of the
    cleaner's field, or of ``field_name``."""

    def __init__(self, reason: str, field_name: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.field_name = field_name


NAME_MAX = Organisation._meta.get_field("name").max_length
ACRONYM_MAX = Organisation._meta.get_field("acronym").max_length
ADDRESS_MAX = Organisation._meta.get_field("address").max_length
WEBSITE_MAX = Organisation._meta.get_field("website").max_length
EMAIL_MAX = Organisation._meta.get_field("email").max_length
PHONE_MAX = Organisation._meta.get_field("phone").max_length
KIND_VALUES = {fold(value): value for value in OrganisationKind.values} | {
    fold(str(label)): value for value, label in OrganisationKind.choices
}
IDENTIFIER_NOISE = re.compile(r"[\s.\-_/]+")
RNA_RE = re.compile(RNA_NUMBER)
POSTCODE_RE = re.compile(POSTCODE)
INSEE_RE = re.compile(COMMUNE_CODE)
VALIDATE_URL = URLValidator(schemes=["http", "https"])
VALIDATE_EMAIL = EmailValidator()
NOT_DISSOLVED = {"", "0001-01-01"}  # the RNA's date_disso of an association still alive
TRUE_WORDS = {"oui", "o", "vrai", "true", "yes", "1", "x", "d"}
FALSE_WORDS = {"non", "n", "faux", "false", "no", "0", "a"}


def clean_name(text: str, row: Row) -> str:
    if not text:
        raise Refused("le nom est obligatoire.")
    if len(text) > NAME_MAX:
        raise Refused(f"le nom dépasse {NAME_MAX} caractères ({len(text)}).")
    return text


def clean_acronym(text: str, row: Row) -> str | None:
    if len(text) > ACRONYM_MAX:
        raise Refused(f"le sigle dépasse {ACRONYM_MAX} caractères ({len(text)}).")
    return text or None


def clean_kind(text: str, row: Row) -> str | None:
    """A kind by its value or its label, in any case; a shape with a typology of its own
    (data·inclusion) reads its codes, an unknown code as « autre »."""
    if not text:
        return None
    if row.shape.kind_codes is not None:
        return row.shape.kind_codes.get(text.upper(), OrganisationKind.OTHER)
    kind = KIND_VALUES.get(fold(text))
    if kind is None:
        raise Refused(
            f"type de structure « {text} » inconnu (attendu : "
            f"{', '.join(str(label) for label in OrganisationKind.labels)})."
        )
    return kind


def _identifier(text: str) -> str:
    """Spaces, dots, dashes, underscores and slashes removed, in capitals."""
    return IDENTIFIER_NOISE.sub("", text).upper()


def clean_rna(text: str, row: Row) -> str | None:
    if not text:
        return None
    rna = _identifier(text)
    if not RNA_RE.match(rna):
        raise Refused(RNA_MESSAGE % {"value": text})
    return rna


def clean_siren(text: str, row: Row) -> str | None:
    """The SIREN given, which must begin the row's SIRET; without one, the SIRET's."""
    siret = row.values.get("siret", "")
    if not text:
        return siret[:9] or None
    siren = _identifier(text)
    if not stdnum_siren.is_valid(siren):
        raise Refused(SIREN_MESSAGE % {"value": text})
    if not siret_extends_siren(siren, siret):
        raise Refused(f"le SIREN {siren} ne correspond pas au SIRET {siret}.")
    return siren


def clean_siret(text: str, row: Row) -> str | None:
    """Checked by python-stdnum, which knows La Poste's establishments (no Luhn key)."""
    if not text:
        return None
    siret = _identifier(text)
    if not stdnum_siret.is_valid(siret):
        raise Refused(SIRET_MESSAGE % {"value": text})
    return siret


def as_given(text: str, row: Row) -> str | None:
    return text or None


def clean_address(text: str, row: Row) -> str | None:
    """The cell, or the address the shape composes from its own columns (the RNA's)."""
    if row.shape.address:
        text = row.shape.address(row.known)
    if len(text) > ADDRESS_MAX:
        raise Refused(f"l'adresse dépasse {ADDRESS_MAX} caractères ({len(text)}).")
    return text or None


def _zero_put_back(code: str) -> str:
    """Excel drops the leading zero of 01000…09999: 4 digits get it back."""
    return "0" + code if len(code) == 4 and code.isdigit() else code


def clean_postcode(text: str, row: Row) -> str | None:
    postcode = _zero_put_back(text.replace(" ", ""))
    if not postcode:
        return None
    if not POSTCODE_RE.match(postcode):
        raise Refused(f"« {text} » n'est pas un code postal français.")
    return postcode


def clean_insee_code(text: str, row: Row) -> str | None:
    insee = _zero_put_back(text.upper())
    if not insee:
        return None
    if not INSEE_RE.match(insee):
        raise Refused(f"« {text} » n'est pas un code commune INSEE.")
    return insee


def clean_commune(text: str, row: Row) -> int | None:
    """The commune of the INSEE code, whose postcodes must include the row's postcode (refused
    in the postcode's column); without an INSEE code, the postcode's commune, chosen by its
    name when the postcode has several."""
    postcode = row.values.get("postcode", "")
    if row.texts.get("insee_code"):
        insee = row.values.get("insee_code")
        if insee not in row.communes.by_code:  # refused, or no commune of the portal
            return None
        pk, name, postcodes = row.communes.by_code[insee]
        if postcode and postcode not in postcodes:
            raise Refused(
                f"le code postal {postcode} ne correspond pas à la commune {insee} "
                f"({name} : {', '.join(postcodes)}).",
                "postcode",
            )
        return pk
    if postcode:
        name = row.texts.get("commune_name", "")
        _refuse_a_lost_digit(row, postcode, name)
        return row.communes.find(postcode, name)
    return None


def _refuse_a_lost_digit(row: Row, postcode: str, name: str) -> None:
    """A postcode of 4 digits, read with a zero put back, whose communes all bear another name
    than the row's town: a digit was lost (« 8600 » for 86000), not the zero. Refused in the
    postcode's column."""
    text = row.texts.get("postcode", "").replace(" ", "")
    if len(text) != 4 or not name:
        return
    names = row.communes.names_of(postcode)
    place = _place(name)
    if names and not any(_same_place(place, _place(other)) for other in names):
        listed = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
        raise Refused(
            f"« {text} » n'a que 4 chiffres : lu {postcode}, le code postal de {listed}, "
            f"et non de {name}. Indiquez ses 5 chiffres.",
            "postcode",
        )


SAINT = re.compile(r"\b(st|ste)\b\.?", re.IGNORECASE)
CEDEX = re.compile(r"cedex.*$")


def _place(name: str) -> str:
    """A town's name folded, « St » and « Ste » written out, « CEDEX » and what follows dropped."""
    written = SAINT.sub(lambda m: "saint" if m.group(1).lower() == "st" else "sainte", name)
    return CEDEX.sub("", fold(written))


def _same_place(one: str, other: str) -> bool:
    """« Paris » and « Paris 15e Arrondissement »: one name begins the other."""
    return bool(one and other) and (one.startswith(other) or other.startswith(one))


def clean_website(text: str, row: Row) -> str | None:
    """An http or https address; without a scheme, https."""
    if not text:
        return None
    url = text if "://" in text else f"https://{text}"
    try:
        VALIDATE_URL(url)
    except ValidationError:
        raise Refused(f"« {text} » n'est pas une adresse web valide.") from None
    if len(url) > WEBSITE_MAX:
        raise Refused(f"site web : plus de {WEBSITE_MAX} caractères.")
    return url


def clean_email(text: str, row: Row) -> str | None:
    if not text:
        return None
    try:
        VALIDATE_EMAIL(text)
    except ValidationError:
        raise Refused(f"« {text} » n'est pas une adresse électronique valide.") from None
    if len(text) > EMAIL_MAX:
        raise Refused(f"courriel : plus de {EMAIL_MAX} caractères.")
    return text


def clean_phone(text: str, row: Row) -> str | None:
    if len(text) > PHONE_MAX:
        raise Refused(f"téléphone : plus de {PHONE_MAX} caractères.")
    return text or None


def clean_is_dissolved(text: str, row: Row) -> bool | None:
    """Dissolved when the cell says yes (« oui », « x »…), when a date of dissolution is
    given, or when the RNA's position is D (dissoute). A « non » changes nothing."""
    folded = fold(text)
    if text and folded not in TRUE_WORDS | FALSE_WORDS:
        raise Refused(f"« {text} » : indiquez « oui » ou « non ».")
    if (
        folded in TRUE_WORDS
        or "dissolved_on" in row.values
        or row.known.get("position", "").upper() == "D"
    ):
        return True
    return None


def _date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def clean_dissolved_on(text: str, row: Row) -> dt.date | None:
    """The cell's date, or the one the shape's own columns give: the RNA's date of
    dissolution (date_disso), the publication of a dissolution in the JOAFE."""
    if not text and row.shape.dissolution:
        text = row.shape.dissolution(row.known)
    if text in NOT_DISSOLVED:
        return None
    date = _date(text)
    if date is None:
        raise Refused(f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")
    return date
