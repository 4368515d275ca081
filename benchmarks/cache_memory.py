"""make bench-cache: how much a gunicorn worker grows when visitors ask for many variants of a
heavy address (core.cache keeps each page it may serve again).

Works in a database of its own, ``integration_portal_bench_cache`` on the server of
``DATABASE_URL`` (or the project-local one), created, migrated and filled once with
``generate_scale_data`` (20 000 organisations by default, BENCH_ORGANISATIONS). Serves the
portal with one gunicorn worker and the production settings, asks each address once to warm
the worker, then reads the worker's resident memory after each series of 60 requests:

- 60 pages of the organisation directory (``?page=1`` … ``?page=60``), distinct pages;
- 60 API pages of 441 to 500 organisations (``?taille=…``), distinct and heavy;
- 60 addresses that differ by a parameter no page reads (``?utm_source=…``), one page;
- 60 other API pages (381 to 440 organisations): after the first 60, what building large
  answers leaves in the worker (memory Python keeps for reuse) no longer grows.

Prints each series' growth in MB and the bytes the cache says it holds.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.bench_web import free_port, rss_mib, stop, workers_of

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "integration_portal_bench_cache"
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", 20_000))
SERIES = {
    "60 pages de l'annuaire (?page=1…60)": [f"/structures/?page={n}" for n in range(1, 61)],
    "60 pages de l'API de 441 à 500 structures": [
        f"/api/structures/?taille={n}&format=json" for n in range(441, 501)
    ],
    "60 adresses à paramètre inconnu (?utm_source=…)": [
        f"/structures/?utm_source=lettre-{n}" for n in range(60)
    ],
    "60 autres pages de l'API de 381 à 440 structures": [
        f"/api/structures/?taille={n}&format=json" for n in range(381, 441)
    ],
}


def database_url() -> str:
    base = os.environ.get("DATABASE_URL")
    if not base:
        from integration_portal.localdb import local_database_url

        base = local_database_url()
    return urlunsplit(urlsplit(base)._replace(path=f"/{DATABASE_NAME}"))


def prepare(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "integration_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    from partners.models import Organisation

    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        print(f"Génération de {ORGANISATIONS} structures dans {DATABASE_NAME}…", flush=True)
        call_command(
            "generate_scale_data",
            organisations=ORGANISATIONS,
            programmes=ORGANISATIONS // 10,
            events=ORGANISATIONS // 4,
        )
    from django.db import connections

    connections.close_all()


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=120) as response:
        return len(response.read())


def main() -> None:
    url = database_url()
    prepare(url)
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "API_THROTTLE_RATE": "100000/min",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config=gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        (worker,) = workers_of(server.pid)
        # Warm the worker: code, templates, reference data, the first page of each kind.
        for addresses in SERIES.values():
            get(base + addresses[0])
        print(f"Worker après mise en route : {rss_mib(worker):.1f} Mo", flush=True)
        for name, addresses in SERIES.items():
            before = rss_mib(worker)
            sizes = [get(base + address) for address in addresses]
            grown = rss_mib(worker) - before
            print(
                f"{name} : pages de {min(sizes) / 1000:.0f} à {max(sizes) / 1000:.0f} ko, "
                f"worker {grown:+.1f} Mo",
                flush=True,
            )
        print(f"Worker à la fin : {rss_mib(worker):.1f} Mo")
    finally:
        stop(server)


if __name__ == "__main__":
    main()
