"""The import of organisation lists: one code path for the admin and the command line.

Reading (reading.py), shape recognition (shapes.py) and row checks (rows.py, one cleaner for
each field of fields.py) feed the matching and writing here. New organisations are written with
COPY, changes with COPY into a temporary table and one UPDATE: PostgreSQL's generated columns
and history triggers see every row.
"""

from dataclasses import dataclass, field

import pghistory
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from core import revisions
from core.enums import PublicationState, RevisionStepKind
from core.models import Revision, RevisionStep
from core.scoping import PUBLIC_STATES
from partners.importing.fields import FIELD_LABELS, STORED
from partners.importing.limits import Deadline
from partners.importing.reading import read_table
from partners.importing.refused import RefusedRows
from partners.importing.rows import Communes, Refusal, read_row
from partners.importing.shapes import find_header
from partners.models import Organisation
from partners.names import name_key
from partners.validators import siret_extends_siren

# The organisation columns an import writes (fields.py), in COPY order.
COLUMNS = ", ".join(STORED)
# Where a stored organisation is and its state, for the importer's scope.
PLACE = ["region_code", "department_code", "territory_id", "publication_state"]
TABLE = Organisation._meta.db_table
CHUNK_ROWS = 5000
# A chunk also ends past this many cells, however few its rows: a workbook's row may be 16 384
# cells wide. (Their characters are bounded by the size of a file, reading.py.)
CHUNK_CELLS = 1_000_000
AMBIGUOUS = 0  # several stored organisations share a name and postcode
# Serialises imports: two at once could both create the same organisation.
IMPORT_LOCK = 2_026_001
NULLABLE = {"commune_id", "dissolved_on"}
EMPTY = {name: (None if name in NULLABLE else "") for name in STORED} | {"is_dissolved": False}
PREVIEW_CHANGES = 50
# What a row matching a stored organisation the importer may not see is told, by the field
# that matched: the organisation is not named.
HIDDEN_MATCH = {
    "rna": "ce numéro RNA appartient à",
    "siret": "ce SIRET appartient à",
    "name": "ce nom et ce code postal désignent",
}
HIDDEN_OWNER = "à une structure hors de votre périmètre"

REPORTED_REFUSALS = 100


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
    rejected: int = 0  # rows refused
    proposed: int = 0  # changes to live organisations, kept for review
    refusals: list[Refusal] = field(default_factory=list)  # the first REPORTED_REFUSALS
    refusals_total: int = 0
    changes: list[Change] = field(default_factory=list)  # the first PREVIEW_CHANGES
    refused_rows: RefusedRows | None = None
    written: bool = False

    @property
    def counts(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected}"
        )

    @property
    def rejects_written(self) -> int:
        """Refused rows written to the refused rows file."""
        return self.refused_rows.written if self.refused_rows else 0

    def refuse(self, line: int, cells: list[str], refusals: list[Refusal]) -> None:
        """Count a refused row; keep its first refusals for the report, write it to the refused
        rows file."""
        self.rejected += 1
        self.refusals_total += len(refusals)
        self.refusals.extend(refusals[: REPORTED_REFUSALS - len(self.refusals)])
        if self.refused_rows:
            self.refused_rows.add(line, cells, [refusal.reason for refusal in refusals])


class Existing:
    """The identifiers of the organisations already stored, to match rows on: RNA, then
    SIRET, then name and postcode. Only these are held in memory; the stored values of the
    matched organisations are read chunk by chunk."""

    def __init__(self, scope=None):
        """With an importer's ``scope``, rows match by name only the organisations it sees:
        a name is not an identifier, and a refusal would tell that a hidden one bears it."""
        self.by_rna, self.by_siret, self.by_name = {}, {}, {}
        rows = Organisation.objects.values_list("id", "rna", "siret", "name_key", "postcode")
        if scope is not None:
            seen = Organisation.objects.all().seen_q(scope)
            rows = rows.annotate(
                seen=ExpressionWrapper(seen, output_field=BooleanField())
            ).values_list("id", "rna", "siret", "name_key", "postcode", "seen")
        for pk, rna, siret, key, postcode, *seen in rows.iterator(chunk_size=10_000):
            if rna:
                self.by_rna[rna] = pk
            if siret:
                self.by_siret[siret] = pk
            if seen and not seen[0]:
                continue
            name = (key, postcode)
            self.by_name[name] = AMBIGUOUS if name in self.by_name else pk
        self.with_identifier = {
            "rna": set(self.by_rna.values()),
            "siret": set(self.by_siret.values()),
        }

    def match(self, values, key):
        if pk := self.by_rna.get(values.get("rna")):
            return pk
        if pk := self.by_siret.get(values.get("siret")):
            return pk
        pk = self.by_name.get((key, values.get("postcode", "")))
        identified = values.get("rna") or values.get("siret")
        if pk == AMBIGUOUS:
            return None if identified else AMBIGUOUS
        if pk is not None:
            for identifier in ("rna", "siret"):
                if values.get(identifier) and pk in self.with_identifier[identifier]:
                    return None  # same name and postcode, but another organisation
        return pk

    def matched_by(self, values, pk) -> str:
        """The field by which a row matched the stored organisation ``pk``."""
        for identifier, index in (("rna", self.by_rna), ("siret", self.by_siret)):
            if values.get(identifier) and index.get(values[identifier]) == pk:
                return identifier
        return "name"

    @staticmethod
    def name(pk, scope=None) -> str | None:
        """The stored organisation's name; None when ``scope`` may not see it: a record one
        may not see is named nowhere (core.visibility)."""
        organisation = Organisation.objects.only(
            "name", "publication_state", "region_code", "department_code"
        ).get(pk=pk)
        if scope is not None and not scope.sees(organisation):
            return None
        return organisation.name


def run_import(
    data: bytes,
    *,
    dry_run=False,
    atomic=False,
    progress=None,
    history=None,
    rejects=None,
    time_limit=None,
    scope=None,
    proposer=None,
) -> ImportReport:
    """Read, check and match every row of ``data``; write unless ``dry_run`` (or ``atomic``
    and some row is refused). Raises UnusableFile, writing nothing, for a file that cannot
    be used at all, or that takes more than ``time_limit`` seconds. ``progress(rows, refused)``
    is called after each chunk with the rows read and refused so far. ``history`` is attached
    to the recorded changes (file, user…). The refused rows are written as CSV to the binary
    file ``rejects``, if given (refused.py). With a ``scope`` (an editor's, core.scoping),
    rows placing an organisation outside it, or matching a stored one outside it, are refused.
    With a ``proposer`` (an editor, who may not publish), changes to published or archived
    organisations are not written but proposed for review in their name (core.revisions).

    Rows are handled in chunks, in one transaction: new organisations are written with COPY
    as they come, changes by COPY into a temporary table and one UPDATE per chunk. Memory
    stays bounded whatever the file holds."""
    deadline = Deadline(time_limit)
    max_bytes = settings.ORGANISATION_IMPORT_MAX_BYTES
    table = read_table(data, max_bytes=max_bytes, deadline=deadline)
    mapping = find_header(table)
    report = ImportReport(
        file_description=table.description,
        shape=mapping.shape.key,
        shape_label=mapping.shape.label,
        header=table.header,
        unmapped=mapping.unmapped,
        notes=_header_notes(table.header_line, mapping.titles) + mapping.duplicates,
        refused_rows=RefusedRows(rejects, table.header, max_bytes) if rejects is not None else None,
    )
    with transaction.atomic(), pghistory.context(**(history or {})):
        run = _Run(mapping, report, write=not dry_run, scope=scope, proposer=proposer)
        count = 0
        for chunk in _chunks(table.records):
            run.process(chunk)
            count += len(chunk)
            deadline.check()
            if progress:
                progress(count, report.rejected)
        run.finish()
        if atomic and report.rejected:
            transaction.set_rollback(True)
        else:
            report.written = not dry_run
    return report


def _header_notes(line: int, titles: int) -> list[str]:
    """Which row was taken as the header, when title rows stand above it."""
    if not titles:
        return []
    return [f"La ligne d'en-tête est la ligne {line} : les lignes au-dessus ne sont pas lues."]


def _chunks(records):
    """Lists of CHUNK_ROWS records, or fewer when they hold more than CHUNK_CELLS cells."""
    chunk, cells = [], 0
    for record in records:
        chunk.append(record)
        cells += len(record[1])
        if len(chunk) == CHUNK_ROWS or cells >= CHUNK_CELLS:
            yield chunk
            chunk, cells = [], 0
    if chunk:
        yield chunk


class _Run:
    def __init__(self, mapping, report, write, scope=None, proposer=None):
        self.mapping, self.report, self.write = mapping, report, write
        self.scope = None if scope is None or scope.everything else scope
        self.proposer = proposer
        if write:
            self._prepare()
        # Read inside the transaction, after the lock: what the rows are matched against.
        self.communes = Communes.load()
        self.existing = Existing(self.scope)
        self.seen: dict[tuple, int] = {}  # identifying key → line of its first row
        self.claimed: dict[int, int] = {}  # stored organisation → line of the row matching it
        self.default_kind = mapping.shape.default_kind
        self.now = timezone.now()

    def _prepare(self):
        with connection.cursor() as cursor:
            # One import at a time: two could both create the same organisation.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
            # An import may outlast a statement timeout; this statement also carries the
            # history context (pghistory) into the transaction, for the COPY triggers.
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute(
                f"CREATE TEMPORARY TABLE organisation_import_updates ON COMMIT DROP AS "
                f"SELECT id, {COLUMNS} FROM {TABLE} WITH NO DATA"
            )

    def process(self, chunk):
        """Check and match the rows of ``chunk``, then write what they create and change."""
        created, matched = self._match(chunk)
        updates, proposals = self._compare(matched)
        self.report.created += len(created)
        self.report.updated += len(updates)
        self.report.proposed += len(proposals)
        if self.write:
            self._copy(created, updates)
            if proposals:
                propose_changes(proposals, self.proposer)

    def _match(self, chunk):
        """The rows of new organisations (in COPY order), and ``(line, cells, pk, values)`` for
        each row matching the stored organisation ``pk``; the other rows are refused."""
        report, mapping, existing = self.report, self.mapping, self.existing
        created, matched = [], []
        for line, raw_cells in chunk:
            values, refusals = read_row(line, raw_cells, mapping, self.communes)
            key = name_key(values.get("name", ""))
            if not refusals:
                refusals = _repeated(line, values, key, mapping, self.seen)
            pk = None
            if not refusals:
                pk = existing.match(values, key)
                refusals = _conflicts(line, values, pk, existing, self.claimed, mapping, self.scope)
            if not refusals and pk is None and self.scope:
                refusals = self._outside_scope(line, values.get("commune_id"))
            if refusals:
                report.refuse(line, raw_cells, refusals)
            elif pk is None:
                row = EMPTY | {"kind": self.default_kind} | values
                created.append(tuple(row[name] for name in STORED))
            else:
                self.claimed[pk] = line
                matched.append((line, raw_cells, pk, values))
        return created, matched

    def _compare(self, matched):
        """The changes the matched rows make: updates (in COPY order, after the id) and
        proposals for review ``(pk, before, after)``. A row changing nothing is counted as
        unchanged; one the importer may not make is refused."""
        report = self.report
        stored, placed = _read_stored(pk for _, _, pk, _ in matched)
        updates, proposals = [], []
        for line, raw_cells, pk, values in matched:
            before = stored[pk]
            if self.scope:
                refusals = self._stored_outside_scope(line, pk, before, placed[pk], values)
                if refusals:
                    report.refuse(line, raw_cells, refusals)
                    continue
            changed = {
                name: (before[name], value)
                for name, value in values.items()
                if before[name] != value
            }
            if not changed:
                report.unchanged += 1
                continue
            after = before | values
            if refusals := _contradicted_identifiers(line, after, self.mapping):
                report.refuse(line, raw_cells, refusals)
                continue
            if self.proposer is not None and placed[pk][-1] in PUBLIC_STATES:
                proposals.append((pk, before, after))
            else:
                updates.append((pk, *(after[name] for name in STORED)))
            if len(report.changes) < PREVIEW_CHANGES:
                report.changes.append(self._change(line, pk, before["name"], changed))
        return updates, proposals

    def _change(self, line, pk, name, changed):
        """A change for the preview, its fields named by their labels."""
        fields = {
            FIELD_LABELS[field_name]: _readable(field_name, pair, self.communes)
            for field_name, pair in changed.items()
        }
        return Change(line, pk, name, fields)

    def _outside_scope(self, line, commune_id):
        """A new organisation must be placed, by its commune, within the importer's scope."""
        column = self.mapping.column(
            "insee_code" if "insee_code" in self.mapping.fields else "postcode"
        )
        if commune_id is None:
            return [
                Refusal(
                    line,
                    column,
                    "aucune commune reconnue : la structure serait nationale, et seul un "
                    "administrateur national importe des structures nationales.",
                )
            ]
        if not self.scope.covers(*self.communes.codes[commune_id]):
            return [
                Refusal(
                    line,
                    column,
                    f"la commune {self.communes.names[commune_id]} est hors de votre périmètre.",
                )
            ]
        return []

    def _stored_outside_scope(self, line, pk, before, place, values):
        """A stored organisation is changed only within the importer's scope, and stays in it
        (a new commune places it when it has no territory of action). One the importer may
        not see (another territory's draft) is not named."""
        region_code, department_code, territory_id, state = place
        if not self.scope.covers(region_code, department_code):
            if state in PUBLIC_STATES:
                return [
                    Refusal(
                        line,
                        self.mapping.column("name"),
                        f"la structure enregistrée « {before['name']} » est hors de votre "
                        "périmètre : elle n'est pas modifiée.",
                    )
                ]
            identifier = self.existing.matched_by(values, pk)
            return [
                Refusal(
                    line,
                    self.mapping.column(identifier),
                    f"{HIDDEN_MATCH[identifier]} une structure hors de votre périmètre : "
                    "elle n'est pas modifiée.",
                )
            ]
        commune_id = values.get("commune_id")
        if territory_id is None and commune_id and commune_id != before["commune_id"]:
            return self._outside_scope(line, commune_id)
        return []

    def _copy(self, created, updates):
        with connection.cursor() as cursor:
            if created:
                sql = (
                    f"COPY {TABLE} ({COLUMNS}, publication_state, created_at, updated_at) "
                    "FROM STDIN"
                )
                with cursor.copy(sql) as copy:
                    for row in created:
                        copy.write_row((*row, PublicationState.DRAFT, self.now, self.now))
            if updates:
                # Applied chunk by chunk, right after reading the stored values they change.
                sql = f"COPY organisation_import_updates (id, {COLUMNS}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for row in updates:
                        copy.write_row(row)
                assignments = ", ".join(f"{name} = u.{name}" for name in STORED)
                cursor.execute(
                    f"UPDATE {TABLE} o SET {assignments}, updated_at = %s "
                    "FROM organisation_import_updates u WHERE o.id = u.id",
                    [self.now],
                )
                cursor.execute("TRUNCATE organisation_import_updates")

    def finish(self):
        if self.write:
            with connection.cursor() as cursor:
                # Dropped now, not only at commit: the transaction may be an enclosing one's.
                cursor.execute("DROP TABLE organisation_import_updates")


def _read_stored(pks):
    """The stored values of the organisations ``pks`` (field → value), and their place."""
    stored, placed = {}, {}
    rows = Organisation.objects.filter(pk__in=list(pks)).values_list("id", *STORED, *PLACE)
    for row in rows.iterator():
        stored[row[0]] = dict(zip(STORED, row[1 : len(STORED) + 1], strict=True))
        placed[row[0]] = row[len(STORED) + 1 :]
    return stored, placed


def _contradicted_identifiers(line, after, mapping):
    """A SIREN that the SIRET does not extend once a row's values are laid over the stored
    ones (a row's own SIREN and SIRET are checked by its cleaners, cleaners.clean_siren)."""
    if siret_extends_siren(after["siren"], after["siret"]):
        return []
    column = mapping.column("siren" if "siren" in mapping.fields else "siret")
    return [
        Refusal(
            line,
            column,
            f"le SIREN {after['siren']} ne correspond pas au SIRET {after['siret']} "
            "de la structure enregistrée.",
        )
    ]


def _readable(name, pair, communes):
    if name == "commune_id":
        return tuple(communes.names.get(pk, "") for pk in pair)
    return pair


def _repeated(line, values, key, mapping, seen):
    """A row repeating an identifier of an earlier row is refused, naming that row. A row with
    neither RNA nor SIRET is identified by its name and postcode, which every row records."""
    name = ("name", key, values.get("postcode", ""))
    identifiers = []
    if rna := values.get("rna"):
        identifiers.append(("rna", ("rna", rna), f"le numéro RNA {rna}"))
    if siret := values.get("siret"):
        identifiers.append(("siret", ("siret", siret), f"le SIRET {siret}"))
    if not identifiers:
        identifiers.append(("name", name, "une structure de même nom et même code postal"))
    for field_name, identifier, what in identifiers:
        first = seen.get(identifier)
        if first is not None:
            return [Refusal(line, mapping.column(field_name), f"{what} figure déjà ligne {first}.")]
    for _, identifier, _ in identifiers:
        seen[identifier] = line
    seen.setdefault(name, line)
    return []


def _conflicts(line, values, pk, existing, claimed, mapping, scope=None):
    """Identifiers of the row that belong to another stored organisation (named only if the
    importer, of ``scope``, may see it)."""
    if pk == AMBIGUOUS:
        return [
            Refusal(
                line,
                mapping.column("name"),
                "plusieurs structures enregistrées portent ce nom avec ce code postal : "
                "indiquez leur numéro RNA ou leur SIRET.",
            )
        ]
    if pk is not None and pk in claimed:
        name = existing.name(pk, scope)
        return [
            Refusal(
                line,
                mapping.column("name"),
                f"désigne la même structure que la ligne {claimed[pk]}"
                + (f" ({name})." if name else "."),
            )
        ]
    for field_name, index in (("rna", existing.by_rna), ("siret", existing.by_siret)):
        other = index.get(values.get(field_name))
        if other is not None and other != pk:
            name = existing.name(other, scope)
            owner = f"à une autre structure : {name}" if name else HIDDEN_OWNER
            return [
                Refusal(
                    line,
                    mapping.column(field_name),
                    f"{FIELD_LABELS[field_name]} {values[field_name]} déjà attribué {owner}.",
                )
            ]
    return []


def propose_changes(proposals, proposer) -> None:
    """Keep the changes ``(pk, before, after)`` of live organisations for review, in the name
    of ``proposer``: a new revision each, or the organisation's open revision amended with
    the fields the row changes (a change it already proposes is not proposed again; what
    else it proposes is kept)."""
    fields = {name: Organisation._meta.get_field(name.removesuffix("_id")) for name in STORED}

    def values(row, names):
        return {fields[n].name: revisions.to_json(fields[n], row[n]) for n in names}

    pks = [pk for pk, _before, _after in proposals]
    open_ = {
        revision.object_id: revision
        for revision in Revision.objects.open()
        .of_model(Organisation)
        .filter(object_id__in=pks)
        .select_for_update()
    }
    content_type = ContentType.objects.get_for_model(Organisation)
    new, steps = [], []
    for pk, before, after in proposals:
        names = [name for name in STORED if before[name] != after[name]]
        base, proposed = values(before, names), values(after, names)
        revision = open_.get(pk)
        if revision is None:
            revision = Revision(
                content_type=content_type,
                object_id=pk,
                base={"fields": base},
                proposed={"fields": proposed},
                created_by=proposer,
            )
            new.append(revision)
            kind, changed = RevisionStepKind.PROPOSED, list(proposed)
        else:
            changed = revisions.amend_fields(revision, base, proposed)
            if not changed:
                continue
            revision.save()
            kind = RevisionStepKind.AMENDED
        steps.append(RevisionStep(revision=revision, kind=kind, user=proposer, fields=changed))
    Revision.objects.bulk_create(new)
    RevisionStep.objects.bulk_create(steps)
