"""The project-local PostgreSQL server, used when ``DATABASE_URL`` is unset.

The server comes from the ``pgserver`` wheel (PostgreSQL binaries shipped on PyPI), keeps its
data in ``.pgdata/`` at the top of the checkout (git-ignored) and listens on a Unix socket
only. It is started on first use and left running, so the next command reuses it at once;
``python -m integration_portal.localdb stop`` stops it.
"""

import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "integration_portal"


def _server():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; its fallback suits us.
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(DATA_DIR, cleanup_mode=None)


def local_database_url() -> str:
    """Start (or reuse) the local server, create the portal's database, return its URL."""
    import psycopg

    server = _server()
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def stop() -> None:
    """Stop the local server if it runs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl
        from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(DATA_DIR)
    if info is None or not info.is_running():
        return
    # As root, pgserver runs PostgreSQL as its own system user.
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop"], pgdata=DATA_DIR, user=user)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "url"
    if command == "stop":
        stop()
    else:
        print(local_database_url())
