import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from partners.enums import ImportStatus
from partners.importing.records import KEPT
from partners.models import ImportRecord

pytestmark = pytest.mark.django_db


def record(status, age, finished=None):
    created = ImportRecord.objects.create(
        file_name=f"{status}-{age.days}.csv",
        file_size=3,
        content=b"" if status != ImportStatus.PREVIEWED else b"a;b",
        rejects=b"refus",
        status=status,
        finished_at=None if finished is None else timezone.now() - finished,
    )
    ImportRecord.objects.filter(pk=created.pk).update(created_at=timezone.now() - age)
    return created.pk


def test_purge_abandons_expired_previews_and_drops_old_refused_rows():
    day = dt.timedelta(days=1)
    expired_preview = record(ImportStatus.PREVIEWED, KEPT + day)
    fresh_preview = record(ImportStatus.PREVIEWED, KEPT - day)
    old_import = record(ImportStatus.DONE, KEPT + 2 * day, finished=KEPT + day)
    recent_import = record(ImportStatus.DONE, KEPT + day, finished=KEPT - day)

    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue() == (
        "Aperçus expirés abandonnés : 1. Fichiers de lignes refusées supprimés : 1.\n"
    )
    state = {
        pk: (status, bytes(content), bytes(rejects))
        for pk, status, content, rejects in ImportRecord.objects.values_list(
            "pk", "status", "content", "rejects"
        )
    }
    assert state == {
        expired_preview: (ImportStatus.CANCELLED, b"", b""),
        fresh_preview: (ImportStatus.PREVIEWED, b"a;b", b"refus"),
        old_import: (ImportStatus.DONE, b"", b""),
        recent_import: (ImportStatus.DONE, b"", b"refus"),
    }

    out = io.StringIO()
    call_command("purge_imports", stdout=out)  # a second run finds nothing more to drop
    assert out.getvalue() == (
        "Aperçus expirés abandonnés : 0. Fichiers de lignes refusées supprimés : 0.\n"
    )
