"""Open data: each public list as a dataset whose columns are defined once.

A :class:`Dataset` names its columns (name, French description, type, how to read it from a
row). The same definition gives the CSV and JSON downloads of the lists, the API's fields
(``integration_portal.api``) and the description of each dataset on the open-data page.
Only published records are downloadable, and no column holds a person's data.

Rows are dictionaries read by one query (``values()``, the lists of themes or partners as
array subqueries), not model instances with their prefetches: a download of 200 000 records
streams a chunk of rows at a time, in bounded memory, at tens of thousands of rows a second.
"""

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import streams
from core.downloads import content_disposition
from core.enums import ColumnKind
from core.parameters import page_query
from core.spreadsheet import neutralise

CHUNK = 2000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
LIST_SEPARATOR = " | "


def _iso(value):
    return value.isoformat() if value is not None else None


def _local_iso(value):
    return timezone.localtime(value).isoformat() if value is not None else None


def _number(value):
    return str(value) if value is not None else None


def _address(value):
    return value or None


# Per kind of column: its value in JSON, then in CSV (from the JSON value). In JSON, « none »
# is null: a web address left empty is null, not an empty string.
JSON_VALUES = {
    ColumnKind.DATE: _iso,
    ColumnKind.DATETIME: _local_iso,
    ColumnKind.DECIMAL: _number,
    ColumnKind.URL: _address,
}
CSV_VALUES = {
    ColumnKind.TEXT: lambda value: neutralise(value or ""),
    ColumnKind.URL: lambda value: neutralise(value or ""),
    ColumnKind.PAGE: lambda value: value or "",
    ColumnKind.LIST: lambda value: neutralise(LIST_SEPARATOR.join(value or ())),
    ColumnKind.BOOLEAN: lambda value: "oui" if value else "non",
    ColumnKind.INTEGER: lambda value: "" if value is None else str(value),
}


def _plain(value):
    return value or ""


@dataclass(frozen=True)
class Column:
    """A column of a dataset: ``value(row)`` gives a text, a number, a boolean, a date, a
    list of texts or None; its ``kind`` says which, and how it is written. ``optional``: the
    value may be missing (a record's field left empty, a link to no record), null in JSON;
    web addresses always may. The writing functions are chosen once (a download of 200 000
    rows writes millions of cells)."""

    name: str
    description: str
    value: Callable
    kind: ColumnKind = ColumnKind.TEXT
    optional: bool = False

    @property
    def nullable(self) -> bool:
        """Whether its JSON value may be null."""
        return self.optional or self.kind == ColumnKind.URL

    def __post_init__(self):
        read, convert = self.value, JSON_VALUES.get(self.kind)
        if self.kind == ColumnKind.PAGE:

            def json_value(row, base=""):
                value = read(row)
                return base + value if value else value
        elif convert:

            def json_value(row, base=""):
                return convert(read(row))
        else:

            def json_value(row, base=""):
                return read(row)

        write = CSV_VALUES.get(self.kind, _plain)

        def csv_value(row, base=""):
            return write(json_value(row, base))

        object.__setattr__(self, "json_value", json_value)
        object.__setattr__(self, "csv_value", csv_value)


@dataclass
class Dataset:
    """A public list as open data."""

    key: str  # in addresses: /<list>/export.csv, /api/<key>/
    title: str
    description: str
    columns: list[Column]
    records: Callable[[], QuerySet]  # the published records, to be filtered
    table: Callable[[QuerySet], QuerySet]  # (filtered) records → rows the columns read
    list_url_name: str  # the page of the list, whose filters the downloads take
    export_url_name: str  # its downloads (a URL name taking the format)
    api_name: str  # its API's route name (integration_portal.api)

    def rows(self, records: QuerySet) -> Iterator[dict]:
        """The rows of the records, by id, a chunk at a time."""
        return self.table(records).order_by("id").iterator(chunk_size=CHUNK)

    def csv_lines(self, queryset: QuerySet, base: str = "") -> Iterator[str]:
        """The CSV for French Excel: UTF-8 with a byte-order mark, ``;``, formulas neutralised."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

        def flush():
            text = out.getvalue()
            out.seek(0)
            out.truncate()
            return text

        writer.writerow([column.name for column in self.columns])
        yield "\ufeff" + flush()
        cells = [column.csv_value for column in self.columns]
        for count, row in enumerate(self.rows(queryset), start=1):
            writer.writerow([cell(row, base) for cell in cells])
            if count % 200 == 0:
                yield flush()
        yield flush()

    def json_lines(self, queryset: QuerySet, base: str = "") -> Iterator[str]:
        """A JSON array of objects, written record by record."""
        yield "["
        separator = "\n"
        fields = [(column.name, column.json_value) for column in self.columns]
        for row in self.rows(queryset):
            item = {name: value(row, base) for name, value in fields}
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    def download(self, request, queryset: QuerySet, file_format: str) -> HttpResponseBase:
        """The download, streamed; a download of moderate size is also kept on disk (the
        "downloads" cache, shared by the server's processes) under the data version
        (``core.cache``), so that asking again is answered at once."""
        if file_format not in FORMATS:
            raise Http404
        content_type = CONTENT_TYPES[file_format]
        stamp = timezone.localdate().isoformat()
        disposition = content_disposition(f"{self.key}-{stamp}.{file_format}")
        base = request.build_absolute_uri("/").rstrip("/")
        key = None
        if version := getattr(request, "data_version", None):
            # The records' addresses hold the host; other parameters change nothing.
            address = f"{base}{request.path}?{urlencode(page_query(request))}"
            key = f"download:{version}:{hashlib.sha256(address.encode()).hexdigest()}"
            if (content := caches["downloads"].get(key)) is not None:
                return HttpResponse(
                    content, content_type, headers={"Content-Disposition": disposition}
                )

        def stream() -> StreamingHttpResponse:
            if file_format == "csv":
                lines: Iterable[str] = self.csv_lines(queryset, base)
            else:
                lines = self.json_lines(queryset, base)
            chunks = (line.encode("utf-8") for line in lines)
            if key:
                chunks = kept(chunks, key)
            return StreamingHttpResponse(
                chunks, content_type, headers={"Content-Disposition": disposition}
            )

        # A few streams at once per address (core.streams).
        return streams.limited(request, stream)


def kept(chunks: Iterator[bytes], key: str) -> Iterator[bytes]:
    """The chunks, passed on; stored under ``key`` at the end if they are not too many."""
    held: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        yield chunk
        if held is not None:
            size += len(chunk)
            if size > settings.DOWNLOAD_CACHE_MAX_BYTES:
                held = None
            else:
                held.append(chunk)
    if held is not None:
        caches["downloads"].set(key, b"".join(held), settings.PAGE_CACHE_SECONDS)


def key(name: str) -> Callable[[dict], object]:
    """A column read as it is from the row."""
    return lambda row: row[name]


def within(model, records: QuerySet) -> QuerySet:
    """The model's rows of the (filtered) records."""
    return model.objects.filter(pk__in=records.values("pk"))


def territory_columns() -> list[Column]:
    """The codes of the region and department of records with ``TerritoryCodes``."""
    return [
        Column("region", _("code INSEE de la région"), key("region_code")),
        Column("departement", _("code INSEE du département"), key("department_code")),
    ]


def modified_column() -> Column:
    return Column(
        "date_modification", _("dernière modification"), key("updated_at"), ColumnKind.DATETIME
    )
