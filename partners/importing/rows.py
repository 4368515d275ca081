"""One row of a file → the portal's values, or the reasons it is refused (in French).

Each field is cleaned by its own cleaner (cleaners.py), declared with it in fields.py.
"""

import re
from dataclasses import dataclass

from core.spreadsheet import restore
from partners.importing.cleaners import Refused, Row, fold
from partners.importing.fields import CLEANING_ORDER, STORED
from partners.importing.shapes import Mapping

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WRITTEN = frozenset(STORED)


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

    def names_of(self, postcode: str) -> list[str]:
        """The names of the communes of ``postcode``."""
        return [self.names[pk] for pk, _ in self.by_postcode.get(postcode, [])]

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
    """Trimmed, with the mark of a neutralised formula removed (core.spreadsheet), Windows
    line ends made plain and control characters (which spreadsheets refuse) removed;
    everything else is kept as given."""
    value = value.strip()
    if value[:1] == "'":
        value = restore(value)
    if value.isprintable():  # the common case, checked in C
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value)


def read_row(line: int, cells: list[str], mapping: Mapping, communes: Communes):
    """Return ``(values, refusals)``: the values of the row's fields, keyed by field, leaving out
    those its cells give nothing for; and the refusals of its cells, in the cleaners' order."""
    width = len(mapping.header)
    if len(cells) > width:  # a table's rows end with a cell that is not blank (reading.py)
        reason = (
            f"la ligne a {len(cells)} cellules pour {width} colonnes d'en-tête : une "
            "cellule contient sans doute le séparateur sans être entre guillemets."
        )
        return {}, [Refusal(line, mapping.header[-1], reason)]
    row = Row(
        texts={name: _text(cells, index) for name, index in mapping.fields.items()},
        known={key: _text(cells, index) for key, index in mapping.known.items()},
        shape=mapping.shape,
        communes=communes,
    )
    refusals: list[Refusal] = []
    for entry in CLEANING_ORDER:
        try:
            value = entry.clean(row.texts.get(entry.name, ""), row)
        except Refused as refused:
            column = mapping.column(refused.field_name or entry.name)
            refusals.append(Refusal(line, column, refused.reason))
        else:
            if value is not None:
                row.values[entry.name] = value
    return {name: value for name, value in row.values.items() if name in WRITTEN}, refusals
