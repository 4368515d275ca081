"""make outage: the portal while its database goes away and comes back.

1. Starts a PostgreSQL of its own in a temporary folder (the ``pgserver`` wheel's binaries,
   listening on a socket in that folder only: no other database is touched), migrates it
   and loads the demo.
2. Serves the portal as ``make serve`` does: gunicorn, the production settings, static files
   collected; the database pool's settings are the production defaults (``DATABASE_*``
   variables change them).
3. Keeps it under light load: ``OUTAGE_CLIENTS`` clients (4) each asking in turn for the
   home page, two lists, a record, ``/healthz`` and ``/readyz``.
4. After ``OUTAGE_BEFORE`` seconds (5), stops the database (``pg_ctl stop -m fast``); after
   ``OUTAGE_SECONDS`` (15), starts it again; then watches until every address answers as
   before, for at most a minute.
5. Prints, second by second, the answers' statuses and their slowest time, then the
   figures: how long until the first 503, the slowest answer during the outage, how long
   after the database's return until the pages answer 200 again. Exit status 1 if a page
   answered 500, hung past 10 s, or did not come back within the minute.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "portail_panne"
CLIENTS = int(os.environ.get("OUTAGE_CLIENTS", 4))
BEFORE = float(os.environ.get("OUTAGE_BEFORE", 5))
OUTAGE = float(os.environ.get("OUTAGE_SECONDS", 15))
RECOVERY_LIMIT = 60
HUNG = 10  # seconds: an answer slower than this counts as a hang
ADDRESSES = [
    "/",
    "/structures/",
    "/evenements/?quand=passes",
    "/programmes/?theme=logement-hebergement",
    "/healthz",
    "/readyz",
]
DATABASE_PAGES = [address for address in ADDRESSES if address != "/healthz"]


class PrivateDatabase:
    """A PostgreSQL server of this script's own, in a temporary folder."""

    def __init__(self, folder: Path):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs, without XDG_RUNTIME_DIR
            import pgserver
            from pgserver._commands import pg_ctl

        self.pg_ctl = pg_ctl
        self.data = folder / "pgdata"
        self.server = pgserver.get_server(self.data, cleanup_mode="delete")
        self.socket_dir = self.server.get_postmaster_info().socket_dir
        self.user = self.server.system_user

    def url(self, name: str) -> str:
        return f"postgresql://postgres@{quote(str(self.socket_dir), safe='')}/{name}"

    def create(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        self.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, user=self.user)

    def start(self) -> None:
        self.pg_ctl(
            [
                "-w",
                "-o",
                '-h ""',
                "-o",
                f"-k {self.socket_dir}",
                "-l",
                str(self.data / "log"),
                "start",
            ],
            pgdata=self.data,
            user=self.user,
            timeout=30,
        )

    def remove(self) -> None:
        self.server.cleanup()


def production_environment(database_url: str, static_root: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(static_root),
    }


def manage(environment: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config=gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            "--workers=3",
            "--log-level=critical",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        # The portal's log (a line per request, the errors of the outage) would hide the
        # figures.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        if status_of(f"http://127.0.0.1:{port}/healthz")[0] == 200:
            return server
        time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn ne répond pas sur /healthz après 60 s.")


def status_of(url: str) -> tuple[int | None, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = None
    return status, time.monotonic() - started


class Load:
    """Clients asking for ADDRESSES in turn, each answer recorded with its time."""

    def __init__(self, base: str):
        self.base = base
        self.answers: list[tuple[float, str, int | None, float]] = []
        self.running = True
        self.lock = threading.Lock()
        self.clients = [threading.Thread(target=self.client, args=(n,)) for n in range(CLIENTS)]
        self.started = time.monotonic()

    def client(self, number: int) -> None:
        turn = number
        while self.running:
            address = ADDRESSES[turn % len(ADDRESSES)]
            turn += 1
            sent = time.monotonic() - self.started
            status, duration = status_of(self.base + address)
            with self.lock:
                self.answers.append((sent, address, status, duration))
            time.sleep(0.1)

    def __enter__(self):
        for client in self.clients:
            client.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for client in self.clients:
            client.join()

    def now(self) -> float:
        return time.monotonic() - self.started

    def recovered_since(self, moment: float) -> bool:
        """Every address has answered as it should, after ``moment``."""
        with self.lock:
            good = {
                address
                for sent, address, status, _ in self.answers
                if sent >= moment and status == 200
            }
        return good >= set(ADDRESSES)


def report(answers, stopped: float, restarted: float) -> int:
    print("\nseconde  réponses (statut × nombre)                     la plus lente")
    by_second = defaultdict(list)
    for sent, _address, status, duration in answers:
        by_second[int(sent)].append((status, duration))
    for second in sorted(by_second):
        counts = Counter(status for status, _ in by_second[second])
        listed = ", ".join(
            f"{status or 'aucune'} × {count}" for status, count in sorted(counts.items(), key=str)
        )
        phase = ""
        if int(stopped) == second:
            phase = "  ← base arrêtée"
        elif int(restarted) == second:
            phase = "  ← base redémarrée"
        slowest = max(duration for _, duration in by_second[second])
        print(f"{second:>7}  {listed:<48} {slowest:6.2f} s{phase}")

    during = [a for a in answers if stopped <= a[0] < restarted and a[1] in DATABASE_PAGES]
    first_503 = min(
        (sent + duration for sent, _, status, duration in during if status == 503), default=None
    )
    after = [a for a in answers if a[0] >= restarted and a[1] in DATABASE_PAGES]
    back = None
    for sent, _address, _status, _duration in sorted(after):
        later = [a for a in after if a[0] >= sent]
        if later and all(status == 200 for _, _, status, _ in later):
            back = sent
            break
    statuses = Counter(status for _, _, status, _ in answers)
    slowest_during = max((duration for *_, duration in during), default=0.0)
    print()
    print(f"Réponses : {dict(sorted(statuses.items(), key=str))}")
    if first_503 is not None:
        print(f"Première réponse 503 : {first_503 - stopped:.1f} s après l'arrêt de la base")
    print(f"Réponse la plus lente pendant la panne : {slowest_during:.1f} s")
    if back is not None:
        print(
            f"Pages revenues (200 sans interruption) : {back - restarted:.1f} s après le "
            "redémarrage"
        )
    else:
        print(f"Pages non revenues {RECOVERY_LIMIT} s après le redémarrage")
    healthz = [status for sent, address, status, _ in answers if address == "/healthz"]
    print(f"/healthz : {dict(Counter(healthz))}")
    failed = statuses.get(500, 0) or statuses.get(None, 0) or back is None or slowest_during > HUNG
    return 1 if failed else 0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="portail-panne-") as folder:
        folder = Path(folder)
        if os.geteuid() == 0:
            folder.chmod(0o755)  # the server runs as pgserver's own system user
        print("Base de données privée : démarrage, migrations, démonstration…", flush=True)
        database = PrivateDatabase(folder)
        server = None
        try:
            database.create(DATABASE_NAME)
            environment = production_environment(database.url(DATABASE_NAME), folder / "static")
            manage(environment, "migrate", "--no-input")
            manage(environment, "load_demo", "--force")
            manage(environment, "collectstatic", "--no-input", "--verbosity=0")
            port = free_port()
            server = start_gunicorn(environment, port)
            print(
                f"gunicorn (3 workers), {CLIENTS} clients ; base arrêtée après {BEFORE:.0f} s, "
                f"pendant {OUTAGE:.0f} s.",
                flush=True,
            )
            with Load(f"http://127.0.0.1:{port}") as load:
                time.sleep(BEFORE)
                stopped = load.now()
                database.stop()
                time.sleep(OUTAGE)
                restarted = load.now()
                database.start()
                while load.now() - restarted < RECOVERY_LIMIT and not load.recovered_since(
                    restarted + 1
                ):
                    time.sleep(0.5)
                time.sleep(3)
            return report(load.answers, stopped, restarted)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            database.remove()
            shutil.rmtree(folder / "static", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
