"""Reading Excel workbooks (.xlsx) in bounded memory, in time proportional to what they hold.

A workbook is a zip of XML parts. Each part is checked before it is decompressed (its size
once decompressed, and how much it grows), then parsed as a stream by defusedxml's SAX parser,
which refuses document type declarations, and with them entity expansion and external
entities. The first worksheet is read from the references of its cells: an empty cell
(formatted, say) is never built, and the limits of limits.py are enforced as the cells come.
The shared strings are held as UTF-8 in one buffer. Numbers read as Excel shows them (integers
without ".0"), and a number with a date format as an ISO date, with openpyxl's rules.
"""

import functools
import io
import posixpath
import zipfile
from array import array
from contextlib import contextmanager
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from partners.importing.errors import UnusableFile, megabytes
from partners.importing.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROW_CHARS,
    MAX_ROWS,
    cell_too_long,
    number,
    row_too_long,
    too_many_columns,
    too_many_rows,
)

MAX_PARTS = 10_000
# A part may grow at most this much when decompressed (Apache POI's default, against zip bombs),
# once it is larger than RATIO_FROM: small parts of repeated markup may grow more.
MAX_RATIO = 100
RATIO_FROM = 1_000_000
MAX_PART_BYTES = 1_000_000_000  # a worksheet or the shared strings, decompressed
MAX_SMALL_PART_BYTES = 16_000_000  # the other parts read: relationships, workbook, styles
PIECE = 1 << 16
COLUMN_INDEX = {get_column_letter(index + 1): index for index in range(MAX_COLUMNS)}
DIGITS = "0123456789"
DATE, DURATION = 1, 2


def read_workbook(data: bytes, *, max_bytes: int, deadline):
    """The first worksheet of ``data``: the row number and cells of its header (the first row
    holding a value) and an iterator of ``(row number, cells)`` for the rows below it that
    hold a value."""
    with _damaged():
        package = _Package(data, deadline)
        book_part = package.relationships("").first("officeDocument")
        book = package.parse(book_part, _Workbook())
        parts = package.relationships(book_part)
        sheet_part = next(
            (part for rel in book.sheets if (part := parts.target(rel, "worksheet"))), None
        )
        strings = _SharedStrings(max_bytes)
        if strings_part := parts.first("sharedStrings"):
            package.parse(strings_part, strings, MAX_PART_BYTES)
        styles = _Styles()
        if styles_part := parts.first("styles"):
            package.parse(styles_part, styles)
        sheet = _Sheet(styles.kinds(), book.epoch)
        rows = _Rows(package.pieces(sheet_part, sheet, MAX_PART_BYTES), sheet, strings, max_bytes)
        line, header = rows.header()
    return line, header, rows.records()


def _broken(line: int | None = None) -> str:
    where = f" (ligne {line})" if line else ""
    return f"Le classeur Excel (.xlsx) est illisible ou endommagé{where}."


def _refused(reason: str) -> str:
    return f"Le classeur Excel (.xlsx) est refusé : {reason}"


@contextmanager
def _damaged(line=lambda: None):
    """Zip, XML and value errors alike: the workbook is damaged (at the given row)."""
    try:
        yield
    except UnusableFile:
        raise
    except Exception:
        raise UnusableFile(_broken(line())) from None


class _Package:
    """The parts of a workbook, each checked before it is decompressed and parsed as a stream."""

    def __init__(self, data: bytes, deadline):
        # Each part has an entry in the zip's directory, which zipfile reads whole.
        if data.count(b"PK\x01\x02") > MAX_PARTS:
            raise UnusableFile(_refused(f"il contient plus de {number(MAX_PARTS)} fichiers."))
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.archive.getinfo("[Content_Types].xml")  # every workbook has one
        self.deadline = deadline

    def relationships(self, part: str) -> "_Relationships":
        folder, name = posixpath.split(part)
        return self.parse(posixpath.join(folder, "_rels", f"{name}.rels"), _Relationships(folder))

    def parse(self, part: str, handler, limit=MAX_SMALL_PART_BYTES):
        for _ in self.pieces(part, handler, limit):
            pass
        return handler

    def pieces(self, part: str, handler, limit=MAX_SMALL_PART_BYTES):
        """Parse ``part`` with ``handler``, yielding after each piece."""
        info = self.archive.getinfo(part)
        self._check(info, limit)
        parser = DefusedExpatParser(forbid_dtd=True)
        parser.setContentHandler(handler)
        try:
            with self.archive.open(info) as stream:
                while piece := stream.read(PIECE):
                    parser.feed(piece)
                    self.deadline.check()
                    yield
            parser.close()
        except DefusedXmlException:
            raise UnusableFile(
                _refused(
                    f"sa partie « {part} » contient une déclaration de type de document "
                    "(DOCTYPE), qu'aucun tableur n'écrit et qui sert aux attaques par entités XML."
                )
            ) from None
        yield

    @staticmethod
    def _check(info, limit):
        size = info.file_size
        if size > limit:
            raise UnusableFile(
                _refused(
                    f"sa partie « {info.filename} » pèse {megabytes(size, 1)} Mo une fois "
                    f"décompressée ({megabytes(limit, 0)} Mo au plus). Découpez-le en plusieurs "
                    "fichiers."
                )
            )
        if size > RATIO_FROM and size > MAX_RATIO * info.compress_size:
            ratio = size // max(info.compress_size, 1)
            raise UnusableFile(
                _refused(
                    f"sa partie « {info.filename} » grossit {number(ratio)} fois à la "
                    f"décompression ({MAX_RATIO} fois au plus) : c'est la marque d'une bombe de "
                    "décompression."
                )
            )


@functools.lru_cache(maxsize=256)  # parts use a few names, each many times
def _local(name: str) -> str:
    """The name of an element or attribute without its namespace prefix."""
    return name.rpartition(":")[2]


class _Relationships(ContentHandler):
    """The parts a part points to: relationship id → (kind, part name)."""

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder
        self.targets = {}

    def startElement(self, name, attrs):
        if _local(name) != "Relationship" or attrs.get("TargetMode") == "External":
            return
        target = attrs.get("Target", "")
        if target.startswith("/"):
            part = target[1:]
        else:
            part = posixpath.normpath(posixpath.join(self.folder, target))
        self.targets[attrs.get("Id")] = (attrs.get("Type", "").rpartition("/")[2], part)

    def target(self, rel: str, kind: str) -> str | None:
        found_kind, part = self.targets.get(rel, ("", None))
        return part if found_kind == kind else None

    def first(self, kind: str) -> str | None:
        return next((part for found, part in self.targets.values() if found == kind), None)


class _Workbook(ContentHandler):
    """The workbook's sheets, in order (relationship ids), and its calendar."""

    def __init__(self):
        super().__init__()
        self.sheets = []
        self.epoch = CALENDAR_WINDOWS_1900

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "sheet":
            self.sheets.extend(value for key, value in attrs.items() if _local(key) == "id")
        elif local == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


class _Styles(ContentHandler):
    """Which cell formats (the ``s`` of a cell) show a number as a date or a duration."""

    def __init__(self):
        super().__init__()
        self.custom = {}  # number format id → format code
        self.formats = array("L")  # number format id of each cell format
        self.in_cell_formats = False

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "numFmt":
            self.custom[int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            self.in_cell_formats = True
        elif local == "xf" and self.in_cell_formats:
            self.formats.append(int(attrs.get("numFmtId", 0)))

    def endElement(self, name):
        if _local(name) == "cellXfs":
            self.in_cell_formats = False

    def kinds(self) -> bytes:
        """For each cell format: 0, DATE or DURATION."""
        by_id = {}
        for format_id in set(self.formats):
            code = self.custom.get(format_id) or builtin_format_code(format_id)
            if is_date_format(code):
                by_id[format_id] = DURATION if is_timedelta_format(code) else DATE
        return bytes(by_id.get(format_id, 0) for format_id in self.formats)


class _SharedStrings(ContentHandler):
    """The shared strings table, without phonetic runs, in one UTF-8 buffer of bounded size."""

    def __init__(self, max_bytes: int):
        super().__init__()
        self.max_bytes = max_bytes
        self.buffer = bytearray()
        self.ends = array("Q")
        self.parts = None  # the pieces of the string being read
        self.chars = 0
        self.collect = self.phonetic = False
        self.view = None

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "si":
            self.parts, self.chars = [], 0
        elif local == "t":
            self.collect = self.parts is not None and not self.phonetic
        elif local == "rPh":
            self.phonetic = True

    def characters(self, content):
        if self.collect:
            self.chars += len(content)
            if self.chars > MAX_CELL_CHARS:
                raise UnusableFile(
                    _refused(
                        f"un de ses textes dépasse {number(MAX_CELL_CHARS)} caractères, la "
                        "limite d'une cellule de feuille de calcul."
                    )
                )
            self.parts.append(content)

    def endElement(self, name):
        local = _local(name)
        if local == "t":
            self.collect = False
        elif local == "rPh":
            self.phonetic = False
        elif local == "si":
            self.buffer += "".join(self.parts).encode()
            self.ends.append(len(self.buffer))
            self.parts = None
            if len(self.buffer) + self.ends.itemsize * len(self.ends) > self.max_bytes:
                raise UnusableFile(
                    _refused(
                        f"ses textes partagés dépassent {megabytes(self.max_bytes, 0)} Mo, la "
                        "limite d'un fichier d'import. Découpez-le en plusieurs fichiers."
                    )
                )

    def get(self, index: int, line: int) -> str:
        if not 0 <= index < len(self.ends):
            raise UnusableFile(_broken(line))
        if self.view is None:
            self.view = memoryview(self.buffer)
        start = self.ends[index - 1] if index else 0
        return str(self.view[start : self.ends[index]], "utf-8")


class _Sheet(ContentHandler):
    """A worksheet's rows as they are parsed, in ``rows``: ``(row number, [(column, value)])``
    for the cells holding a value, where the value is the cell's text or, for a shared string,
    its index. Rows and cells past a spreadsheet's limits, or out of order, are refused."""

    def __init__(self, kinds: bytes, epoch):
        super().__init__()
        self.kinds, self.epoch = kinds, epoch
        self.rows = []
        self.line = 0  # the row being parsed
        self.cells = []
        self.column = -1
        self.type = self.style = None
        self.parts = []
        self.chars = 0
        self.collect = self.inline = self.phonetic = False

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "c":
            self._start_cell(attrs)
        elif local == "v":
            self.collect = self.type != "inlineStr"
        elif local == "t":
            self.collect = self.inline and not self.phonetic
        elif local == "row":
            self._start_row(attrs)
        elif local == "is":
            self.inline = True
        elif local == "rPh":
            self.phonetic = True

    def characters(self, content):
        if self.collect:
            self.chars += len(content)
            if self.chars > MAX_CELL_CHARS:
                raise UnusableFile(cell_too_long(self.line, get_column_letter(self.column + 1)))
            self.parts.append(content)

    def endElement(self, name):
        local = _local(name)
        if local == "v" or local == "t":
            self.collect = False
        elif local == "c":
            self._end_cell()
        elif local == "row":
            if self.cells:
                self.rows.append((self.line, self.cells))
        elif local == "is":
            self.inline = False
        elif local == "rPh":
            self.phonetic = False

    def _start_row(self, attrs):
        number_text = attrs.get("r")
        line = int(number_text) if number_text else self.line + 1
        if line > MAX_ROWS:
            raise UnusableFile(too_many_rows(line))
        if line <= self.line:
            raise UnusableFile(
                f"Ligne {line} : les lignes de la feuille ne sont pas dans l'ordre (elle vient "
                f"après la ligne {self.line}) : le classeur est endommagé."
            )
        self.line, self.cells, self.column = line, [], -1

    def _start_cell(self, attrs):
        reference = attrs.get("r")
        if reference:
            letters = reference.rstrip(DIGITS)
            column = COLUMN_INDEX.get(letters)
            if column is None:
                column = self._column(letters.upper())
        else:
            column = self.column + 1
            if column >= MAX_COLUMNS:
                raise UnusableFile(too_many_columns(self.line, get_column_letter(column + 1)))
        if column <= self.column:
            raise UnusableFile(
                f"Ligne {self.line}, colonne {get_column_letter(column + 1)} : les cellules ne "
                "sont pas dans l'ordre : le classeur est endommagé."
            )
        self.column = column
        self.type = attrs.get("t", "n")
        self.style = attrs.get("s")
        self.parts, self.chars = [], 0

    def _column(self, letters: str) -> int:
        if letters in COLUMN_INDEX:
            return COLUMN_INDEX[letters]
        if letters.isascii() and letters.isalpha():
            raise UnusableFile(too_many_columns(self.line, letters))
        raise UnusableFile(_broken(self.line))

    def _end_cell(self):
        if self.parts:
            value = self._value("".join(self.parts))
            if value != "":
                self.cells.append((self.column, value))

    def _value(self, text: str):
        kind = self.type
        if kind == "s":
            return int(text)
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return str(bool(int(text)))
        if kind == "d":
            return _cell_text(from_ISO8601(text))
        value = float(text) if "." in text or "E" in text or "e" in text else int(text)
        style = int(self.style) if self.style else 0
        date_kind = self.kinds[style] if style < len(self.kinds) else 0
        if date_kind:
            try:
                value = from_excel(value, self.epoch, timedelta=date_kind == DURATION)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl reads a date out of range
        return _cell_text(value)


class _Rows:
    """The rows of a worksheet, read piece by piece as the import asks for them, as lists of
    texts: shared strings looked up, and the characters of a row and of the whole sheet
    bounded."""

    def __init__(self, pieces, sheet: _Sheet, strings: _SharedStrings, max_bytes: int):
        self.parsed = self._parsed(pieces, sheet)
        self.sheet, self.strings, self.max_bytes = sheet, strings, max_bytes
        self.text = 0

    @staticmethod
    def _parsed(pieces, sheet):
        for _ in pieces:
            rows, sheet.rows = sheet.rows, []
            yield from rows

    def header(self) -> tuple[int, list[str]]:
        for line, values in self.parsed:
            if cells := self._cells(line, values):
                return line, cells
        raise UnusableFile("Le classeur Excel (.xlsx) est vide.")

    def records(self):
        with _damaged(lambda: self.sheet.line):
            for line, values in self.parsed:
                if cells := self._cells(line, values):
                    yield line, cells

    def _cells(self, line: int, values) -> list[str]:
        """The row's texts, up to its last one that is not blank."""
        cells, chars = [], 0
        for column, value in values:
            text = self.strings.get(value, line) if type(value) is int else value
            chars += len(text)
            if chars > MAX_ROW_CHARS:
                raise UnusableFile(row_too_long(line))
            if column > len(cells):
                cells += [""] * (column - len(cells))
            cells.append(text)
        while cells and not cells[-1].strip():
            cells.pop()
        self.text += chars
        if self.text > self.max_bytes:
            raise UnusableFile(
                _refused(
                    f"ses cellules contiennent plus de {number(self.max_bytes)} caractères, la "
                    "limite d'un fichier d'import. Découpez-le en plusieurs fichiers."
                )
            )
        return cells


def _cell_text(value) -> str:
    """A cell's value as text: integers without ".0", dates as ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if hasattr(value, "hour") else value.isoformat()
    return str(value)
