"""The job queue with procrastinate's own worker, against PostgreSQL: an e-mail sent, and
tried again later (its error kept) while the mail server is down."""

import pytest
from django.core import mail
from django.db import connection

from core.mail import send
from core.models import JobError
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def job_states():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'send_mail' ORDER BY id"
        )
        return cursor.fetchall()


def test_an_email_is_sent_by_the_worker():
    assert send([("Objet", "Texte", ["a@example.org"])], "essai") == 1
    assert mail.outbox == []
    run_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.org"], "Objet")]
    assert job_states()[-1] == ("succeeded", 1)  # the queue's tables outlive a test


def test_an_email_is_tried_again_when_the_server_is_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    send([("Objet", "Texte", ["a@example.org"])], "essai")
    run_worker()
    assert job_states()[-1] == ("todo", 1)  # queued again, for later
    error = JobError.objects.get()
    assert (error.task_name, error.attempt) == ("send_mail", 1)
    assert error.error.startswith("ConnectionRefusedError")
