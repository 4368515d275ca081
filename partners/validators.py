"""Checks of French identifiers, with messages in French (python-stdnum does the arithmetic)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret

# RNA number: W, then 9 characters, digits except the second, which may be a letter.
RNA_NUMBER = r"^W[0-9][0-9A-Z][0-9]{7}$"

# The messages, shared with the import (partners.importing.rows).
RNA_MESSAGE = _(
    "« %(value)s » n'est pas un numéro RNA : W suivi de 9 caractères, des chiffres sauf le "
    "deuxième qui peut être une lettre (ex. W751234567, W2B1000123)."
)
SIREN_MESSAGE = _("« %(value)s » n'est pas un SIREN valide (9 chiffres, clé de contrôle).")
SIRET_MESSAGE = _("« %(value)s » n'est pas un SIRET valide (14 chiffres, clé de contrôle).")


def validate_rna(value: str) -> None:
    if not re.fullmatch(RNA_NUMBER, value):
        raise ValidationError(
            RNA_MESSAGE,
            code="invalid_rna",
            params={"value": value},
        )


def validate_siren(value: str) -> None:
    try:
        siren.validate(value)
    except StdnumError:
        raise ValidationError(
            SIREN_MESSAGE,
            code="invalid_siren",
            params={"value": value},
        ) from None


def validate_siret(value: str) -> None:
    try:
        siret.validate(value)
    except StdnumError:
        raise ValidationError(
            SIRET_MESSAGE,
            code="invalid_siret",
            params={"value": value},
        ) from None


def siret_extends_siren(siren: str, siret: str) -> bool:
    """Whether a SIREN and a SIRET may be one organisation's: the SIRET (an establishment)
    begins with the SIREN, or one of them is not known. The database holds the same rule
    (organisation_siret_extends_siren); the import checks it on each row, then on the stored
    organisation a row changes."""
    return not siren or not siret or siret[:9] == siren
