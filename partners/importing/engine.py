"""The import of organisation lists: one code path for the admin and the command line.

Reading (reading.py), shape recognition (shapes.py) and row checks (rows.py) feed the matching
and writing here. New organisations are written with COPY, changes with COPY into a temporary
table and one UPDATE: PostgreSQL's generated columns and history triggers see every row.
"""

import csv
import io
from dataclasses import dataclass, field

import pghistory
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from partners.importing.reading import read_table
from partners.importing.rows import Communes, Refusal, read_row
from partners.importing.shapes import FIELD_LABELS, detect
from partners.models import Organisation
from partners.names import name_key
from partners.spreadsheet import neutralise, restore
from reference.enums import PublicationState

# The organisation columns an import writes, in COPY order.
FIELDS = [
    "name",
    "acronym",
    "kind",
    "rna",
    "siren",
    "siret",
    "description",
    "address",
    "postcode",
    "commune_id",
    "website",
    "email",
    "phone",
    "is_dissolved",
    "dissolved_on",
]
NULLABLE = {"commune_id", "dissolved_on"}
EMPTY = {name: (None if name in NULLABLE else "") for name in FIELDS} | {"is_dissolved": False}
PREVIEW_CHANGES = 50


@dataclass
class Change:
    line: int
    organisation_id: int
    name: str
    fields: dict[str, tuple]  # field label → (old, new)


@dataclass
class ImportReport:
    file_description: str = ""
    shape: str = ""
    shape_label: str = ""
    header: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    rejected_rows: list[tuple[int, list[str], list[str]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    written: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def counts(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected}"
        )

    def rejects_csv(self) -> bytes:
        """The refused rows, same columns plus line number and reasons, for Excel (UTF-8 BOM,
        ``;``). Formula-like cells are neutralised; the import removes that mark again."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([*self.header, "ligne", "motif du refus"])
        width = len(self.header)
        for line, cells, reasons in self.rejected_rows:
            padded = (cells + [""] * width)[:width]
            writer.writerow([*map(neutralise, padded), line, " ; ".join(reasons)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


class Existing:
    """The organisations already in the database, indexed by the keys rows are matched on."""

    def __init__(self):
        self.rows = {}
        self.by_rna, self.by_siret, self.by_name = {}, {}, {}
        for row in Organisation.objects.values_list("id", "name_key", *FIELDS).iterator(
            chunk_size=5000
        ):
            pk, key, values = row[0], row[1], dict(zip(FIELDS, row[2:], strict=True))
            self.rows[pk] = values
            if values["rna"]:
                self.by_rna[values["rna"]] = pk
            if values["siret"]:
                self.by_siret[values["siret"]] = pk
            self.by_name.setdefault((key, values["postcode"]), pk)

    def match(self, values, key):
        """The organisation a row designates: by RNA, then SIRET, then name and postcode."""
        if pk := self.by_rna.get(values.get("rna")):
            return pk
        if pk := self.by_siret.get(values.get("siret")):
            return pk
        pk = self.by_name.get((key, values.get("postcode", "")))
        if pk is not None:
            stored = self.rows[pk]
            for identifier in ("rna", "siret"):
                if values.get(identifier) and stored[identifier]:
                    return None  # same name and postcode, but another organisation
        return pk


def run_import(
    data: bytes, *, dry_run=False, atomic=False, progress=None, history=None
) -> ImportReport:
    """Read, check and match every row of ``data``; write unless ``dry_run`` (or ``atomic``
    and some row is refused). Raises UnusableFile, writing nothing, for a file that cannot
    be used at all. ``history`` is attached to the recorded changes (file, user…)."""
    table = read_table(data, max_bytes=settings.ORGANISATION_IMPORT_MAX_BYTES)
    mapping = detect(table.header)
    report = ImportReport(
        file_description=table.description,
        shape=mapping.shape.key,
        shape_label=mapping.shape.label,
        header=table.header,
        unmapped=mapping.unmapped,
        notes=list(mapping.duplicates),
    )
    communes = Communes.load()
    existing = Existing()
    seen: dict[tuple, int] = {}  # identifying key → line of its first row
    claimed: dict[int, int] = {}  # existing organisation → line of the row that matched it
    created, updates = [], {}
    default_kind = mapping.shape.default_kind

    for count, (line, raw_cells) in enumerate(table.records, start=1):
        cells = [restore(cell) for cell in raw_cells]
        values, refusals = read_row(line, cells, mapping, communes)
        key = name_key(values.get("name", ""))
        if not refusals:
            refusals = _repeated(line, values, key, mapping, seen)
        pk = None
        if not refusals:
            pk = existing.match(values, key)
            refusals = _conflicts(line, values, pk, existing, claimed, mapping)
        if refusals:
            report.refusals.extend(refusals)
            report.rejected_rows.append((line, raw_cells, [r.reason for r in refusals]))
        elif pk is None:
            row = EMPTY | {"kind": default_kind} | values
            created.append(tuple(row[name] for name in FIELDS))
        else:
            claimed[pk] = line
            stored = existing.rows[pk]
            changed = {
                name: (stored[name], value)
                for name, value in values.items()
                if stored[name] != value
            }
            if changed:
                updates[pk] = stored | values
                if len(report.changes) < PREVIEW_CHANGES:
                    report.changes.append(
                        Change(
                            line,
                            pk,
                            stored["name"],
                            {
                                FIELD_LABELS[name]: _readable(name, pair, communes)
                                for name, pair in changed.items()
                            },
                        )
                    )
            else:
                report.unchanged += 1
        if progress and count % 1000 == 0:
            progress(count)

    report.created, report.updated = len(created), len(updates)
    if dry_run or (atomic and report.rejected):
        return report
    with transaction.atomic(), pghistory.context(**(history or {})):
        _write(created, updates)
    report.written = True
    return report


def _readable(name, pair, communes):
    if name == "commune_id":
        return tuple(communes.names.get(pk, "") for pk in pair)
    return pair


def _repeated(line, values, key, mapping, seen):
    """A row repeating an identifier of an earlier row is refused, naming that row. Rows with
    neither RNA nor SIRET are identified by their name and postcode."""
    identifiers = []
    if rna := values.get("rna"):
        identifiers.append(("rna", ("rna", rna), f"le numéro RNA {rna}"))
    if siret := values.get("siret"):
        identifiers.append(("siret", ("siret", siret), f"le SIRET {siret}"))
    if not identifiers:
        identifiers.append(
            (
                "name",
                ("name", key, values.get("postcode", "")),
                "une structure de même nom et même code postal",
            )
        )
    for field_name, identifier, what in identifiers:
        first = seen.get(identifier)
        if first is not None:
            return [Refusal(line, mapping.column(field_name), f"{what} figure déjà ligne {first}.")]
    for _, identifier, _ in identifiers:
        seen[identifier] = line
    return []


def _conflicts(line, values, pk, existing, claimed, mapping):
    """Identifiers of the row that belong to another stored organisation."""
    if pk is not None and pk in claimed:
        return [
            Refusal(
                line,
                mapping.column("name"),
                f"désigne la même structure que la ligne {claimed[pk]} "
                f"({existing.rows[pk]['name']}).",
            )
        ]
    for field_name, index in (("rna", existing.by_rna), ("siret", existing.by_siret)):
        other = index.get(values.get(field_name))
        if other is not None and other != pk:
            return [
                Refusal(
                    line,
                    mapping.column(field_name),
                    f"{FIELD_LABELS[field_name]} {values[field_name]} déjà attribué à une autre "
                    f"structure : {existing.rows[other]['name']}.",
                )
            ]
    return []


def _write(created, updates):
    now = timezone.now()
    table = Organisation._meta.db_table
    columns = ", ".join(FIELDS)
    with connection.cursor() as cursor:
        # An import may outlast a statement timeout; this statement also carries the history
        # context (pghistory) into the transaction, where the COPY triggers read it.
        cursor.execute("SET LOCAL statement_timeout = 0")
        if created:
            sql = f"COPY {table} ({columns}, publication_state, created_at, updated_at) FROM STDIN"
            with cursor.copy(sql) as copy:
                for row in created:
                    copy.write_row((*row, PublicationState.DRAFT, now, now))
        if updates:
            cursor.execute(
                f"CREATE TEMPORARY TABLE organisation_import_updates ON COMMIT DROP AS "
                f"SELECT id, {columns} FROM {table} WITH NO DATA"
            )
            with cursor.copy(
                f"COPY organisation_import_updates (id, {columns}) FROM STDIN"
            ) as copy:
                for pk, row in updates.items():
                    copy.write_row((pk, *(row[name] for name in FIELDS)))
            assignments = ", ".join(f"{name} = u.{name}" for name in FIELDS)
            cursor.execute(
                f"UPDATE {table} o SET {assignments}, updated_at = %s "
                "FROM organisation_import_updates u WHERE o.id = u.id",
                [now],
            )
