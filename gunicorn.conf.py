"""gunicorn's settings for the portal (``make serve``; gunicorn reads this file from the
folder it is started in). Command-line options override them."""

import os

wsgi_app = "integration_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, two per core and one more (gunicorn's advice); WEB_CONCURRENCY sets another
# number. A worker serves one request at a time, so the pool of database connections of
# each process stays small (settings.base.database).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Streamed downloads of every organisation take about 15 s per 100 000 rows: longer than
# gunicorn's default 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 300))
graceful_timeout = 30
# The portal writes one JSON line per request itself (integration_portal.logs): no access
# log from gunicorn, whose errors go to stderr.
accesslog = None
errorlog = "-"
# No control socket (gunicornc): its default path is one per user, which every gunicorn of the
# machine would share; the service manager sends signals instead.
control_socket_disable = True
