"""Background jobs (procrastinate, in PostgreSQL): what every job of the portal shares.

Jobs are deferred inside the request's transaction (procrastinate's Django connector uses
Django's connection): a job is queued if and only if what asked for it is committed. The
worker (``manage.py procrastinate worker``, ``make worker``) runs them in threads, each job
with fresh database connections.

A job killed with its worker (a crash, a restart) stays « doing »: ``retry_stalled_jobs``,
run every minute, queues again the jobs of workers that stopped beating. Jobs that write do
so in one transaction, which the crash rolled back, and check on their second run whether
their work is already done: nothing is applied twice, nor half.
"""

import functools
import logging
import traceback

from django.db import close_old_connections, connection
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.utils import connector_params

logger = logging.getLogger(__name__)

# E-mails: tried again after 10 s, 20 s, 40 s… up to 8 attempts (about 40 minutes).
MAIL_RETRY = RetryStrategy(max_attempts=8, exponential_wait=10)
# A worker that has not beaten for this long is taken as dead (procrastinate's heartbeat is
# every 10 s).
STALLED_SECONDS = 30


def recorded(function):
    """Run a job's function with fresh database connections, and record its error (shown in
    the admin's list of jobs) before letting procrastinate fail or retry it."""

    @functools.wraps(function)
    def run(context, *args, **kwargs):
        _fresh_connections()
        try:
            return function(*args, **kwargs)
        except Exception as error:
            _record_error(context.job, error)
            raise
        finally:
            _fresh_connections()

    return run


def _fresh_connections():
    """Give back the connections that a job's thread holds (not within a transaction: a job
    run by the tests inside theirs)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _record_error(job, error):
    from core.models import JobError

    _fresh_connections()
    try:
        JobError.objects.create(
            job_id=job.id,
            task_name=job.task_name,
            attempt=job.attempts + 1,
            error=f"{type(error).__name__}: {error}"[:2000],
            traceback="".join(traceback.format_exception(error))[-20000:],
        )
    except Exception:  # the database itself may be what failed
        logger.exception("Erreur de la tâche %s non enregistrée.", job.id)


def task(**options):
    """``@app.task`` for the portal's jobs: the job context, fresh connections, errors kept."""

    def decorate(function):
        return app.task(pass_context=True, name=function.__name__, **options)(recorded(function))

    return decorate


def side_connection():
    """A connection of its own to the database, in autocommit: what a long job writes there
    (its progress) is seen at once by the pages, whatever its own transaction holds."""
    import psycopg

    return psycopg.connect(**connector_params(), autocommit=True)


def run_worker_until_empty(**options):
    """Run procrastinate's worker, with its own connections, until no job is left (the tests,
    the benchmarks). In a thread of its own: the caller may run an event loop (Playwright)."""
    import threading

    failures = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    wait=False, install_signal_handlers=False, listen_notify=False, **options
                )
        except BaseException as error:  # raised again in the caller's thread
            failures.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
