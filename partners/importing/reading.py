"""Reading the files data officers have: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by ``;``, ``,`` or tab, and Excel workbooks (.xlsx).

Everything is read from bytes held in memory (the admin keeps uploads in the database), into
a :class:`Table` of text cells with the file's own line numbers.
"""

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from partners.importing.errors import UnusableFile, too_large

SEPARATORS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
XLSX_MAGIC = b"PK\x03\x04"
PIECE = 1 << 20
SAMPLE_LINES = 20
BOM = b"\xef\xbb\xbf"
# A UTF-8 encoded accented letter (é, è, à, ç…): its two bytes read as Windows-1252 are « Ã© ».
UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]")
XLSX_BROKEN = "Le classeur Excel (.xlsx) est illisible ou endommagé."
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


def _sniff_separator(sample: str) -> str:
    """The separator that splits the header into the most cells, the first records agreeing.

    A candidate scores by how many of the sample's records have as many cells as its header
    (so that « Adresse (n°, rue) » in a ``;`` file does not make it a ``,`` file)."""

    def score(separator):
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=separator))
        width = len(rows[0]) if rows else 0
        agreeing = sum(1 for row in rows[1:] if len(row) == width)
        return (width > 1, agreeing, width)

    best = max(SEPARATORS, key=score)
    if not score(best)[0]:
        raise UnusableFile(
            "La ligne d'en-tête n'a qu'une colonne : le séparateur doit être le point-virgule, "
            "la virgule ou la tabulation."
        )
    return best


def _read_csv(data: bytes) -> Table:
    encoding = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    sample = "".join(itertools.islice(stream, SAMPLE_LINES))
    separator = _sniff_separator(sample)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=separator)
    try:
        header = next(reader)
    except csv.Error as error:
        raise UnusableFile(f"Ligne 1 illisible : {error}.") from None

    def records():
        line = reader.line_num
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                if line - start > 1 and any("\n" in cell and separator in cell for cell in cells):
                    raise UnusableFile(
                        f"Ligne {start} : un guillemet ouvre une cellule qui n'est refermée "
                        f"que ligne {line}, et la cellule contient des séparateurs. Corrigez "
                        "ce guillemet (ou mettez la cellule entre guillemets)."
                    )
                if any(cell.strip() for cell in cells):
                    yield start, cells
        except csv.Error as error:
            raise UnusableFile(f"Ligne {line + 1} illisible : {error}.") from None

    return Table("csv", encoding, separator, header, records())


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some generators write a wrong <dimension>
        rows = sheet.iter_rows(values_only=True)
        header = [_cell_text(value) for value in next(rows)]
    except StopIteration:
        raise UnusableFile("Le classeur Excel (.xlsx) est vide.") from None
    except Exception:  # zipfile, XML and openpyxl errors alike: the workbook is unusable
        raise UnusableFile(XLSX_BROKEN) from None

    def records():
        line = 1
        try:
            for line, values in enumerate(rows, start=2):
                cells = [_cell_text(value) for value in values]
                if any(cell.strip() for cell in cells):
                    yield line, cells
        except UnusableFile:
            raise
        except Exception:
            raise UnusableFile(f"{XLSX_BROKEN} (ligne {line + 1})") from None
        finally:
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
