"""Open data: each public list as a dataset whose columns are defined once.

A :class:`Dataset` names its columns (name, French description, type, how to read it from a
record). The same definition gives the CSV and JSON downloads of the lists (streamed: a
download of 200 000 records holds one chunk at a time), the API's fields
(``integration_portal.api``) and the description of each dataset on the open-data page.
Only published records are downloadable, and no column holds a person's data.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from reference.spreadsheet import neutralise

CHUNK = 2000
FORMATS = ("csv", "json")
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """A column of a dataset: ``value(record)`` gives a text, a number, a boolean, a date, a
    list of texts or None."""

    name: str
    description: str
    value: Callable
    kind: str = "texte"  # one of KIND_LABELS

    def json_value(self, record, base: str = ""):
        """``base``: the site's address, before the portal's own page addresses."""
        value = self.value(record)
        if self.kind == "page" and value:
            return base + value
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def csv_value(self, record, base: str = "") -> str:
        value = self.json_value(record, base)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "oui" if value else "non"
        if isinstance(value, list):
            return LIST_SEPARATOR.join(value)
        return str(value)


KIND_LABELS = {
    "texte": _("texte"),
    "entier": _("nombre entier"),
    "decimal": _("nombre"),
    "booleen": _("oui ou non"),
    "date": _("date (AAAA-MM-JJ)"),
    "date_heure": _("date et heure (ISO 8601, heure de Paris)"),
    "url": _("adresse web"),
    "page": _("adresse de la fiche sur le portail"),
    "liste": _("liste (séparée par « | » en CSV)"),
}


@dataclass
class Dataset:
    """A public list as open data."""

    key: str  # in addresses: /<list>/export.csv, /api/<key>/
    title: str
    description: str
    columns: list[Column]
    queryset: Callable[[], QuerySet]  # published records with what the columns read
    list_url_name: str  # the page of the list, whose filters the downloads take
    export_url_name: str  # its downloads (a URL name taking the format)
    api_name: str  # its API's route name (integration_portal.api)

    def rows(self, queryset: QuerySet) -> Iterator:
        """The records, a chunk at a time (prefetches included)."""
        return queryset.iterator(chunk_size=CHUNK)

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
        for count, record in enumerate(self.rows(queryset), start=1):
            writer.writerow([neutralise(column.csv_value(record, base)) for column in self.columns])
            if count % 200 == 0:
                yield flush()
        yield flush()

    def json_lines(self, queryset: QuerySet, base: str = "") -> Iterator[str]:
        """A JSON array of objects, written record by record."""
        yield "["
        separator = "\n"
        for record in self.rows(queryset):
            item = {column.name: column.json_value(record, base) for column in self.columns}
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    def download(self, request, queryset: QuerySet, file_format: str) -> StreamingHttpResponse:
        if file_format not in FORMATS:
            raise Http404
        base = request.build_absolute_uri("/").rstrip("/")
        if file_format == "csv":
            lines: Iterable[str] = self.csv_lines(queryset, base)
            content_type = "text/csv; charset=utf-8"
        else:
            lines = self.json_lines(queryset, base)
            content_type = "application/json; charset=utf-8"
        response = StreamingHttpResponse((line.encode("utf-8") for line in lines), content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.key}-{stamp}.{file_format}"
        )
        return response


def names(records) -> list[str]:
    return [str(record) for record in records]


def published_names(records) -> list[str]:
    return [str(record) for record in records if record.is_published]


def slugs(items) -> list[str]:
    return [item.slug for item in items]
