"""Reading the files data officers have: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by ``;``, ``,`` or tab, and Excel workbooks (.xlsx).

Everything is read from bytes held in memory (the admin keeps uploads in the database), into
a :class:`Table` of text cells with the file's own line numbers.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from partners.importing.errors import UnusableFile, too_large

SEPARATORS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
XLSX_MAGIC = b"PK\x03\x04"
PIECE = 1 << 20
NOT_TEXT = "Le fichier n'est pas un fichier texte (CSV) ni un classeur Excel (.xlsx) lisible."


@dataclass
class Table:
    """The rows of a file: its header and, for each record, its line number and cells."""

    file_format: str  # "csv" or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "" for xlsx
    separator: str  # one of SEPARATORS, or "" for xlsx
    header: list[str]
    records: Iterator[tuple[int, list[str]]]

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


def read_table(data: bytes, *, max_bytes: int) -> Table:
    """Detect the format, encoding and separator of ``data`` and return its table."""
    if not data.strip():
        raise UnusableFile("Le fichier est vide.")
    if len(data) > max_bytes:
        raise UnusableFile(too_large(len(data), max_bytes))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252.

    The file is decoded in pieces and the text thrown away: only the answer is kept."""
    if b"\x00" in data:
        raise UnusableFile(NOT_TEXT)
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(data), PIECE):
            decoder.decode(data[start : start + PIECE])
        decoder.decode(b"", final=True)
        return encoding
    except UnicodeDecodeError:
        pass
    # Windows-1252, Excel's "CSV (séparateur : point-virgule)"; it also reads Latin-1 text.
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


def _sniff_separator(header_line: str) -> str:
    """The separator is the candidate that splits the header line into the most cells."""
    counts = {
        separator: len(next(csv.reader([header_line], delimiter=separator)))
        for separator in SEPARATORS
    }
    best = max(counts, key=lambda separator: counts[separator])
    if counts[best] < 2:
        raise UnusableFile(
            "La ligne d'en-tête n'a qu'une colonne : le séparateur doit être le point-virgule, "
            "la virgule ou la tabulation."
        )
    return best


def _read_csv(data: bytes) -> Table:
    encoding = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first_line = stream.readline().rstrip("\r\n")
    separator = _sniff_separator(first_line)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=separator)
    header = next(reader)

    def records():
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield start, cells

    return Table("csv", encoding, separator, header, records())


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnusableFile("Le classeur Excel (.xlsx) est illisible ou endommagé.") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(value) for value in next(rows)]
    except StopIteration:
        raise UnusableFile("Le classeur Excel (.xlsx) est vide.") from None

    def records():
        for line, values in enumerate(rows, start=2):
            cells = [_cell_text(value) for value in values]
            if any(cell.strip() for cell in cells):
                yield line, cells
        workbook.close()

    return Table("xlsx", "", "", header, records())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if hasattr(value, "hour") else value.isoformat()
    return str(value)
