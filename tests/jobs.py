"""Running the background jobs in the tests.

``run_worker()`` runs procrastinate's own worker, with its own connections, until the queue
is empty: for transactional tests (``django_db(transaction=True)``), whose jobs are committed.
``run_queued_jobs()`` runs the queued jobs' functions in the test's own transaction, for the
tests of what a job does (an e-mail's text, an import's preview) rather than of the queue.
"""

import json
from types import SimpleNamespace

from django.db import connection
from procrastinate.contrib.django import app

from core.jobs import run_worker_until_empty as run_worker  # noqa: F401


def queued(task_name=None) -> list[dict]:
    """The jobs waiting, oldest first: ``{"id", "task_name", "args", "status"}``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args, status, attempts FROM procrastinate_jobs "
            "WHERE status = 'todo' AND (%s::text IS NULL OR task_name = %s) ORDER BY id",
            [task_name, task_name],
        )
        columns = [column.name for column in cursor.description]
        jobs = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for job in jobs:  # Django reads jsonb as text
        job["args"] = json.loads(job["args"]) if isinstance(job["args"], str) else job["args"]
    return jobs


def run_queued_jobs(task_name=None) -> int:
    """Run the waiting jobs' functions here, in the test's transaction; return how many."""
    jobs = queued(task_name)
    for job in jobs:
        function = app.tasks[job["task_name"]].func
        context = SimpleNamespace(job=SimpleNamespace(**job))
        function(context, **job["args"])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job["id"]])
    return len(jobs)
