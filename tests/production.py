"""The production settings in a process of their own, as a server starts them: a command of
``manage.py``, or requests made with Django's test client inside that process."""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
    "DJANGO_SECRET_KEY": "Kq3v9-x_Lr8TzWm2Pn7Yc4Hb6Jd1Fs5Gt0Ue-Ai9Oo3Rk8Xl2Ve7Nw4Qy6Mp1Zj5Ch0",
    "DJANGO_ALLOWED_HOSTS": "integration.example",
    "DATABASE_URL": "postgresql://portail@db.integration.example:5432/portail",
}
# Nothing listens on port 9 (discard) of this machine: a database that is down.
DOWN_DATABASE = "postgresql://portail@127.0.0.1:9/portail"

CLIENT_SCRIPT = """
import json, sys
from django.test import Client
client = Client(raise_request_exception=False)
answers = []
for path in json.loads(sys.argv[-1]):
    response = client.get(path, secure=SECURE)
    body = b"".join(response) if response.streaming else response.content
    answers.append({
        "status": response.status_code,
        "headers": dict(response.items()),
        "body": body.decode("utf-8", "replace"),
    })
print(json.dumps(answers))
"""


def manage(*args, timeout=60, **env):
    """Run manage.py with the production settings and ``env`` (and PATH) only in its
    environment (a value of None removes a variable)."""
    env = PRODUCTION | env
    environment = {"PATH": os.environ["PATH"], **{k: v for k, v in env.items() if v is not None}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_client(paths: list[str], static_root, secure=False, **env):
    """GET each address with the test client in a production process (``testserver`` is its
    host; ``secure``: over HTTPS), with the static files collected in ``static_root`` (the
    ``static_root`` fixture): the finished process, whose last line of output holds the
    answers and the lines before it the log."""
    script = CLIENT_SCRIPT.replace("sys.argv[-1]", repr(json.dumps(paths)))
    script = script.replace("SECURE", repr(secure))
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATIC_ROOT=str(static_root),
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result


def get(paths: list[str], static_root, secure=False, **env) -> list[dict]:
    """Each answer of ``run_client`` as its status, headers and body."""
    result = run_client(paths, static_root, secure, **env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def log_lines(result) -> list[dict]:
    """The log a ``run_client`` process wrote (JSON lines on its standard output)."""
    return [json.loads(line) for line in result.stdout.strip().splitlines()[:-1]]


def database_url(connection) -> str:
    """The ``postgresql://`` address of a Django connection's database (the test database)."""
    from urllib.parse import quote

    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return (
        f"postgresql://{quote(settings['USER'], safe='')}{password}@{host}{port}/{settings['NAME']}"
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(static_root, workers=1, **env):
    """gunicorn serving the portal as ``make serve`` does (gunicorn.conf.py, the production
    settings), on a free port of 127.0.0.1: yields its base address."""
    import time
    import urllib.request

    port = free_port()
    env = (
        PRODUCTION
        | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_STATIC_ROOT": str(static_root)}
        | env
    )
    environment = {"PATH": os.environ["PATH"], **{k: v for k, v in env.items() if v is not None}}
    # gunicorn's output, shown if it fails to start.
    with tempfile.TemporaryFile() as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config=gunicorn.conf.py",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    output.seek(0)
                    raise AssertionError(output.read().decode())
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn does not answer"
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()
