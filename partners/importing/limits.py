"""The bounds within which every file is read, whatever it holds, and the French messages that
refuse a file beyond them.

A spreadsheet's own limits hold for CSV files and workbooks alike: at most 1 048 576 rows and
16 384 columns, and 32 767 characters in a cell. A row may hold at most MAX_ROW_CHARS
characters, so that one row never takes much memory. The admin also bounds the time an import
may take (Deadline), checked between pieces of work.
"""

import time

from partners.importing.errors import UnusableFile

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384  # A to XFD
LAST_COLUMN = "XFD"
MAX_CELL_CHARS = 32_767
MAX_ROW_CHARS = 2_000_000


def number(count: int) -> str:
    """1048576 → "1 048 576"."""
    return f"{count:,}".replace(",", " ")


def too_many_rows(line: int) -> str:
    return (
        f"Ligne {line} : au-delà de {number(MAX_ROWS)} lignes, la limite d'une feuille de calcul. "
        "Découpez le fichier."
    )


def too_many_columns(line: int, column: str) -> str:
    return (
        f"Ligne {line}, colonne {column} : au-delà de la colonne {LAST_COLUMN}, la dernière "
        f"d'une feuille de calcul ({number(MAX_COLUMNS)} colonnes)."
    )


def cell_too_long(line: int, column: str | None = None) -> str:
    where = f"Ligne {line}, colonne {column}" if column else f"Ligne {line}"
    return (
        f"{where} : une cellule dépasse {number(MAX_CELL_CHARS)} caractères, la limite d'une "
        "cellule de feuille de calcul."
    )


def row_too_long(line: int) -> str:
    return (
        f"Ligne {line} : la ligne dépasse {number(MAX_ROW_CHARS)} caractères. Raccourcissez ses "
        "cellules ou vérifiez qu'aucun guillemet n'y est laissé ouvert."
    )


class Deadline:
    """The time an import may take, or none (``seconds=None``)."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise UnusableFile(
                f"Le fichier demande plus de {self.seconds:g} secondes de traitement, la limite "
                "de l'administration : importez-le en ligne de commande (import_organisations) "
                "ou découpez-le en plusieurs fichiers. Rien n'a été écrit."
            )


NO_DEADLINE = Deadline()
