"""The jobs of the bottom layer: e-mails, and jobs left behind by a dead worker."""

import logging

from django.core.mail import EmailMessage, get_connection

from core.jobs import MAIL_RETRY, STALLED_SECONDS, app, task

logger = logging.getLogger(__name__)


@task(queue="mail", retry=MAIL_RETRY)
def send_mail(messages: list[list], what: str):
    """Send ``[subject, body, [addresses]]`` messages in one SMTP connection; a failure raises,
    and procrastinate tries again later (MAIL_RETRY). ``what`` names them in the log."""
    connection = get_connection()
    emails = [
        EmailMessage(subject, body, to=addresses, connection=connection)
        for subject, body, addresses in messages
    ]
    try:
        connection.send_messages(emails)
    except OSError:
        logger.warning("%s : envoi des courriels échoué, nouvel essai plus tard.", what)
        raise


@app.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@app.task(queue="default", name="retry_stalled_jobs")
async def retry_stalled_jobs(timestamp: int):
    """Queue again the jobs left « doing » by a worker that stopped beating (killed)."""
    manager = app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_SECONDS)
    for job in stalled:
        logger.warning("Tâche %s (%s) reprise : son worker s'est arrêté.", job.id, job.task_name)
        await manager.retry_job(job)
    await manager.prune_stalled_workers(seconds_since_heartbeat=STALLED_SECONDS)
