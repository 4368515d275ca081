"""The back office's periodic jobs (run by the worker; the commands of the same names stay
for manual use): the correction reports' addresses erased, the reviewers' daily digest."""

import datetime as dt

from django.utils import timezone

from backoffice.models import CorrectionReport
from backoffice.notifications import send_review_digests
from core.jobs import app, task

# How long the e-mail address of a correction report is kept (personal data).
KEPT = dt.timedelta(days=365)


def purge_reports() -> int:
    """Erase the e-mail address of the reports received more than KEPT ago."""
    return CorrectionReport.objects.erase_old_addresses(timezone.now() - KEPT)


@app.periodic(cron="45 3 * * *", periodic_id="purge_reports")
@task(queue="default")
def purge_reports_daily(timestamp: int):
    purge_reports()


@app.periodic(cron="0 7 * * *", periodic_id="send_review_digest")
@task(queue="default")
def send_review_digest_daily(timestamp: int):
    send_review_digests()
