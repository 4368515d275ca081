"""Keeping track of imports (ImportRecord): who, when, which file, what it did; and forgetting
their files once they are no longer needed."""

import datetime as dt

from django.utils import timezone

from partners.enums import ImportStatus
from partners.models import ImportRecord

# A preview left unconfirmed keeps its file this long, and a confirmed import its refused rows.
KEPT = dt.timedelta(days=7)


def summary(report) -> dict:
    """What the admin shows of a report (first refusals, first changes)."""
    return {
        "unmapped": report.unmapped,
        "notes": report.notes,
        "refusals": [
            {"line": r.line, "column": r.column, "reason": r.reason} for r in report.refusals
        ],
        "refusals_total": report.refusals_total,
        "rejects_written": report.rejects_written,
        "changes": [
            {
                "line": change.line,
                "organisation_id": change.organisation_id,
                "name": change.name,
                "fields": {
                    label: [str(old or ""), str(new or "")]
                    for label, (old, new) in change.fields.items()
                },
            }
            for change in report.changes
        ],
    }


def fill(record: ImportRecord, report) -> None:
    record.shape = report.shape_label
    record.file_format = report.file_description
    record.created = report.created
    record.updated = report.updated
    record.unchanged = report.unchanged
    record.rejected = report.rejected
    record.proposed = report.proposed
    record.report = summary(report)


def record_command_import(file_name: str, data: bytes, report) -> ImportRecord:
    record = ImportRecord(
        file_name=file_name,
        file_size=len(data),
        content=b"",
        status=ImportStatus.DONE if report.written else ImportStatus.CANCELLED,
        finished_at=timezone.now(),
    )
    fill(record, report)
    record.save()
    return record


def purge(now=None) -> tuple[int, int]:
    """Abandon the previews left unconfirmed for KEPT, dropping their file and refused rows, and
    drop the refused rows of the imports confirmed more than KEPT ago. Returns how many of each."""
    before = (now or timezone.now()) - KEPT
    abandoned = ImportRecord.objects.expired_previews(before).update(
        status=ImportStatus.CANCELLED, content=b"", rejects=b""
    )
    dropped = ImportRecord.objects.expired_rejects(before).update(rejects=b"")
    return abandoned, dropped
