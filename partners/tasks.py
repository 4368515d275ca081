"""The admin import's two steps as background jobs: reading the file for its preview, and
writing it once confirmed (partners.importing.admin queues them, the worker runs them).

The file waits in the database (ImportRecord), so any worker reads it. Each job works on
its record only while the record is in the step's state (READING, WRITING): a job run twice
(a worker killed after the import committed, then the job queued again) finds the step done
and does nothing. The writing step commits the organisations and the record's result in one
transaction: a killed worker leaves nothing written, and the job runs again. While a job
runs, its progress (rows read, rows refused) is written through a connection of its own, so
that the progress page sees it at once.
"""

import tempfile

from django.db import transaction
from django.utils import timezone

from core import revisions
from core.jobs import app, side_connection, task
from core.scoping import scope_of
from partners.enums import ImportStatus
from partners.importing.engine import run_import
from partners.importing.errors import UnusableFile
from partners.importing.records import fill, purge
from partners.models import ImportRecord, Organisation

# Refused rows are kept in memory up to this size, then in a temporary file.
REJECTS_IN_MEMORY = 1 << 20


def proposer(user):
    """Who proposes the import's changes to live organisations for review: an importer who
    may not publish organisations (core.revisions); None when they may, and write."""
    return None if revisions.may_publish(user, Organisation) else user


class Progress:
    """Writes an import's rows read and refused so far on its record, in autocommit."""

    def __init__(self, record_id: int):
        self.record_id = record_id
        self.connection = None

    def __enter__(self):
        self.connection = side_connection()
        return self

    def __exit__(self, *exc):
        self.connection.close()

    def __call__(self, rows: int, refused: int):
        self.connection.execute(
            f"UPDATE {ImportRecord._meta.db_table} SET rows_read = %s, rejected = %s WHERE id = %s",
            [rows, refused, self.record_id],
        )


def run(record: ImportRecord, **options):
    """Run the import of ``record``'s file as its author; return its report and refused rows
    (CSV)."""
    with (
        tempfile.SpooledTemporaryFile(max_size=REJECTS_IN_MEMORY) as rejects,
        Progress(record.pk) as progress,
    ):
        report = run_import(
            bytes(record.content),
            rejects=rejects,
            progress=progress,
            scope=scope_of(record.user),
            proposer=proposer(record.user),
            **options,
        )
        rejects.seek(0)
        return report, rejects.read()


def _refuse(record_id: int, state: str, reason: str) -> None:
    ImportRecord.objects.filter(pk=record_id, status=state).update(
        status=ImportStatus.REFUSED,
        error=reason,
        content=b"",
        rejects=b"",
        finished_at=timezone.now(),
    )


@task(queue="imports")
def preview_import(record_id: int):
    """Read the file and say what its import would do (nothing written): the preview."""
    record = ImportRecord.objects.filter(pk=record_id, status=ImportStatus.READING).first()
    if record is None:  # done already, or cancelled
        return
    try:
        report, rejects = run(record, dry_run=True)
    except UnusableFile as error:
        _refuse(record_id, ImportStatus.READING, str(error))
        return
    fill(record, report)
    record.rejects = rejects
    record.status = ImportStatus.PREVIEWED
    record.save(update_fields=[*FILLED, "rejects", "status"])


@task(queue="imports")
def confirm_import(record_id: int):
    """Import the file for real, and keep its result on the record, in one transaction."""
    record = ImportRecord.objects.filter(pk=record_id, status=ImportStatus.WRITING).first()
    if record is None:  # done already (a second run of the job)
        return
    try:
        with transaction.atomic():
            report, record.rejects = run(
                record,
                history={
                    "import_file": record.file_name,
                    "import_id": record.pk,
                    "user": record.user_id,
                },
            )
            _keep_result(record, report)
    except UnusableFile as error:  # usable at the preview: a lowered limit; nothing written
        _refuse(record_id, ImportStatus.WRITING, str(error))


def _keep_result(record, report):
    """Keep the import's result on its record, within the import's transaction: if the record
    was cancelled or done meanwhile, nothing of this run is kept."""
    fill(record, report)
    record.status = ImportStatus.DONE
    record.finished_at = timezone.now()
    written = ImportRecord.objects.filter(pk=record.pk, status=ImportStatus.WRITING).update(
        **{field: getattr(record, field) for field in [*FILLED, "rejects", "status"]},
        finished_at=record.finished_at,
        content=b"",
    )
    if not written:
        transaction.set_rollback(True)


# What fill() sets on a record.
FILLED = [
    "shape",
    "file_format",
    "created",
    "updated",
    "unchanged",
    "rejected",
    "proposed",
    "report",
]


@app.periodic(cron="30 3 * * *", periodic_id="purge_imports")
@task(queue="default")
def purge_imports_daily(timestamp: int):
    """Forget the files imports no longer need (partners.importing.records.purge)."""
    purge()
