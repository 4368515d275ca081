"""Reading the files data officers have: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by ``;``, ``,`` or tab, and Excel workbooks (.xlsx, read by workbook.py).

Everything is read from bytes held in memory (the admin keeps uploads in the database), into
a :class:`Table` of text cells with the file's own line numbers, within the bounds of
limits.py. A CSV line is read only up to the longest row allowed, so that neither a huge line
nor a quote left open makes the reader hold the rest of the file; a quote must open and close
a whole cell. A quoted cell may span lines (RFC 4180), unless its following lines have the
columns of a row: the rows a stray quote swallowed.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.utils.cell import get_column_letter

from partners.importing.errors import UnusableFile, too_large
from partners.importing.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROW_CHARS,
    MAX_ROWS,
    NO_DEADLINE,
    cell_too_long,
    row_too_long,
    too_many_columns,
    too_many_rows,
)
from partners.importing.workbook import read_workbook

SEPARATORS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
XLSX_MAGIC = b"PK\x03\x04"
PIECE = 1 << 20
SAMPLE_LINES = 20
SAMPLE_CHARS = 1 << 20
BOM = b"\xef\xbb\xbf"
# A UTF-8 encoded accented letter (é, è, à, ç…): its two bytes read as Windows-1252 are « Ã© ».
UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]")
NOT_TEXT = "Le fichier n'est pas un fichier texte (CSV) ni un classeur Excel (.xlsx) lisible."


@dataclass
class Table:
    """The rows of a file: its header and, for each record holding a value, its line number
    and cells, up to the last one that is not blank."""

    file_format: str  # "csv" or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "" for xlsx
    separator: str  # one of SEPARATORS, or "" for xlsx
    header: list[str]
    records: Iterator[tuple[int, list[str]]]
    header_line: int = 1  # the line of the header (shapes.find_header may choose a later one)

    @property
    def description(self) -> str:
        if self.file_format == "xlsx":
            return "classeur Excel (.xlsx)"
        encoding = {
            "utf-8": "UTF-8",
            "utf-8-sig": "UTF-8 avec BOM",
            "cp1252": "Windows-1252",
        }[self.encoding]
        return f"CSV, encodage {encoding}, séparateur {SEPARATORS[self.separator]}"


def read_table(data: bytes, *, max_bytes: int, deadline=NO_DEADLINE) -> Table:
    """Detect the format, encoding and separator of ``data`` and return its table."""
    if not data or data.isspace():
        raise UnusableFile("Le fichier est vide.")
    if len(data) > max_bytes:
        raise UnusableFile(too_large(len(data), max_bytes))
    if data.startswith(XLSX_MAGIC):
        line, header, records = read_workbook(data, max_bytes=max_bytes, deadline=deadline)
        return Table("xlsx", "", "", header, records, line)
    return _read_csv(data, deadline)


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252.

    The file is decoded in pieces and the text thrown away: only the answer is kept."""
    if b"\x00" in data:
        raise UnusableFile(NOT_TEXT)
    bom = data.startswith(BOM)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), PIECE):
            decoder.decode(data[start : start + PIECE])
        decoder.decode(b"", final=True)
        return "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as error:
        bad = start + error.start
    # Windows-1252, Excel's "CSV (séparateur : point-virgule)"; it also reads Latin-1 text.
    # A file mixing both (UTF-8 accents here, Windows-1252 ones there) cannot be read right.
    if bom or UTF8_ACCENT.search(data):
        line = data.count(b"\n", 0, bad) + 1
        raise UnusableFile(
            f"Le fichier mélange deux encodages (UTF-8 et Windows-1252), par exemple ligne "
            f"{line} : enregistrez-le de nouveau en UTF-8."
        )
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        for start in range(0, len(data), PIECE):
            text = decoder.decode(data[start : start + PIECE])
            control = sum(1 for char in text if ord(char) < 32 and char not in "\r\n\t")
            if control > len(text) / 100:
                raise UnusableFile(NOT_TEXT)
    except UnicodeDecodeError:
        raise UnusableFile(
            "L'encodage du fichier n'est pas reconnu : enregistrez-le en UTF-8 ou en "
            "Windows-1252 (« CSV (séparateur : point-virgule) » dans Excel)."
        ) from None
    return "cp1252"


class _Lines:
    """The physical lines of a CSV text, for csv.reader, counted, with the characters of each
    row (which may span several lines) bounded."""

    def __init__(self, stream, deadline):
        self.stream, self.deadline = stream, deadline
        self.count = 0  # lines read
        self.row_start = 1  # first line of the row being read
        self.row_chars = 0

    def start_row(self):
        self.deadline.check()
        self.row_start, self.row_chars = self.count + 1, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_ROW_CHARS - self.row_chars + 1)
        if not line:
            raise StopIteration
        self.count += 1
        self.row_chars += len(line)
        if self.row_chars > MAX_ROW_CHARS:
            raise UnusableFile(row_too_long(self.row_start))
        return line


def _sample(lines: _Lines) -> str:
    """The first lines, to choose the separator on: SAMPLE_LINES of them, fewer if long."""
    sample, size = [], 0
    while len(sample) < SAMPLE_LINES and size < SAMPLE_CHARS:
        lines.start_row()
        line = next(lines, "")
        if not line:
            break
        sample.append(line)
        size += len(line)
    return "".join(sample)


def _sniff_separator(sample: str) -> str:
    """The separator that splits the header into the most cells, the first records agreeing
    (the header being the first row of two cells, below any title rows).

    A candidate scores by how many of the sample's records have as many cells as its header
    (so that « Adresse (n°, rue) » in a ``;`` file does not make it a ``,`` file)."""
    readings = {separator: _sample_rows(sample, separator) for separator in SEPARATORS}
    if not any(readings.values()):
        raise UnusableFile(cell_too_long(1))  # whatever the separator, a cell csv cannot read

    def score(separator):
        rows = readings[separator]
        # The header is the first row of two cells or more: title rows may stand above it.
        first = next((i for i, row in enumerate(rows) if sum(map(bool, row)) > 1), len(rows))
        width = len(rows[first]) if first < len(rows) else 0
        agreeing = sum(1 for row in rows[first + 1 :] if len(row) == width)
        return (width > 1, agreeing, width)

    best = max(SEPARATORS, key=score)
    if not score(best)[0]:
        raise UnusableFile(
            "La ligne d'en-tête n'a qu'une colonne : le séparateur doit être le point-virgule, "
            "la virgule ou la tabulation."
        )
    return best


def _sample_rows(sample: str, separator: str) -> list[list[str]]:
    """The sample's rows split on ``separator``, up to a cell too long for csv."""
    rows = []
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=separator):
            rows.append(row)
    except csv.Error:
        pass
    return rows


def _read_csv(data: bytes, deadline) -> Table:
    encoding = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    separator = _sniff_separator(_sample(_Lines(stream, deadline)))
    stream.seek(0)
    lines = _Lines(stream, deadline)
    reader = csv.reader(lines, delimiter=separator, strict=True)
    header = _next_row(reader, lines) or []
    _check_row(1, 1, header, lines.row_chars)

    def records():
        count = 1
        while (cells := _next_row(reader, lines)) is not None:
            count += 1
            start, line = lines.row_start, lines.count
            _check_row(start, count, cells, lines.row_chars)
            if line > start and _swallowed(cells, separator, len(header)):
                raise UnusableFile(
                    f"Ligne {start} : un guillemet ouvre une cellule qui n'est refermée "
                    f"que ligne {line}, et ses lignes suivantes ont les colonnes d'une ligne "
                    "du fichier. Retirez ce guillemet ou refermez-le."
                )
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                yield start, cells

    return Table("csv", encoding, separator, header, records())


def _swallowed(cells: list[str], separator: str, width: int) -> bool:
    """Whether a cell spanning lines holds, after its first line, a line with as many cells as
    the header: the rows that a stray quote swallowed, not a text written over several lines
    (RFC 4180), which may hold separators too."""
    least = max(width - 1, 1)
    return any(
        text.count(separator) >= least
        for cell in cells
        if "\n" in cell
        for text in cell.splitlines()[1:]
    )


def _next_row(reader, lines: _Lines) -> list[str] | None:
    lines.start_row()
    try:
        return next(reader, None)
    except csv.Error as error:
        raise UnusableFile(_unreadable(str(error), lines.row_start, lines.count)) from None


def _unreadable(error: str, start: int, line: int) -> str:
    """csv's errors (strict reading), said in French."""
    if error.startswith("field larger than field limit"):
        return cell_too_long(start)
    if error.startswith("unexpected end of data"):
        return (
            f"Ligne {start} : un guillemet ouvre une cellule qui n'est jamais refermée. "
            "Retirez ce guillemet ou refermez-le."
        )
    if "expected after" in error and line > start:
        return (
            f"Ligne {start} : un guillemet ouvre une cellule qui n'est refermée que ligne "
            f"{line}, au milieu d'un texte. Retirez ce guillemet ou refermez-le."
        )
    if "expected after" in error:
        return (
            f"Ligne {line} : un guillemet ferme une cellule au milieu de son texte. Mettez "
            "toute la cellule entre guillemets, en doublant ceux qu'elle contient."
        )
    return f"Ligne {start} : la ligne n'est pas lisible en CSV."


def _check_row(line: int, count: int, cells: list[str], chars: int) -> None:
    """A spreadsheet's limits: rows, columns, characters in a cell (``chars``: the row's)."""
    if count > MAX_ROWS:
        raise UnusableFile(too_many_rows(line))
    if len(cells) > MAX_COLUMNS:
        raise UnusableFile(too_many_columns(line, get_column_letter(MAX_COLUMNS + 1)))
    if chars > MAX_CELL_CHARS and max(map(len, cells), default=0) > MAX_CELL_CHARS:
        column = next(i for i, cell in enumerate(cells) if len(cell) > MAX_CELL_CHARS)
        raise UnusableFile(cell_too_long(line, get_column_letter(column + 1)))
