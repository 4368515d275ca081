"""make bench-web: the public pages under load, served as in production, against a ceiling.

1. Works in a database of its own, kept between runs: ``integration_portal_bench_web`` on the
   server of ``DATABASE_URL`` (or the project-local one), or ``BENCH_DATABASE_URL``. It is
   created and migrated if needed, and filled by ``generate_scale_data`` at national size
   only when it holds no organisation (or when ``BENCH_REGENERATE=1``, which drops and
   recreates it, if its name is the benchmark's): a second run skips the generation.
2. Picks real records for the addresses of PAGES: a theme and the region where it has the
   most published programmes, the department with the most published events, and the
   published programme and organisation with the most partners or programmes (the fullest
   pages).
3. Serves the portal with gunicorn and the production settings module, unchanged (DEBUG off,
   connection pool), given a random key, the host and the database by the environment.
4. For each page: one request first, timed (the page is not in the cache yet: what a new
   address costs; a page that does not answer 200 is reported with its status and not
   measured), a warm-up, then ``wrk`` with 16 connections for 10 s. Prints requests/s, p50,
   p95, the share of the ceiling (``/sante/``, which answers without the database) and the
   targets, then the RSS of gunicorn's processes.
5. Downloads every organisation as CSV once and reads the serving worker's peak memory.

Settings (environment): BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (16),
BENCH_WORKERS (2 × cores + 1), BENCH_WORKER_CLASS (sync), BENCH_DATABASE_URL,
BENCH_REGENERATE. The load generator is wrk (``apt-get install wrk`` on Debian or Ubuntu).
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "integration_portal_bench_web"
WORD = "réfugiés"  # the domain's most frequent word: the searches' heaviest case

# The pages measured: name, address (filled from the records picked in the database), kind.
# A kind's targets are in TARGETS; the ceiling comes first.
PAGES = [
    ("plafond (/sante/)", "/sante/", "plafond"),
    ("accueil", "/", "liste"),
    ("programmes : thème + région", "/programmes/?theme={theme}&region={region}", "liste"),
    ("structures : recherche", "/structures/?q={word}", "liste"),
    ("événements d'un département", "/evenements/?departement={department}", "liste"),
    ("recherche transversale", "/recherche/?q={word}", "liste"),
    ("fiche programme", "{programme}", "fiche"),
    ("fiche structure", "{organisation}", "fiche"),
    ("agenda .ics filtré", "/evenements/agenda.ics?departement={department}", "flux"),
    ("CSV de structures filtré", "/structures/export.csv?departement={department}", "flux"),
]
# Per kind: the largest p95 (ms) and the smallest share of the ceiling's requests/s.
TARGETS = {"liste": (150, 0.10), "fiche": (50, 0.25), "flux": (1000, 0.0)}
# Downloaded once, whole, while the server's memory is read.
FULL_DOWNLOAD = "/structures/export.csv"
FULL_DOWNLOAD_MIB = 150

SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
WARMUP = int(os.environ.get("BENCH_WARMUP", 2))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")

# wrk prints its own summary without the 95th percentile: this script adds a JSON line.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "non_2xx": %d, '
    .. '"socket_errors": %d}\\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)),
    math.floor(latency:percentile(95)), e.status, e.connect + e.read + e.write + e.timeout))
end
"""
WRK_MISSING = (
    "wrk est introuvable : c'est le générateur de charge de ce banc. Installez-le avec "
    "`apt-get install wrk` (Debian, Ubuntu) ou `brew install wrk` (macOS), puis relancez "
    "`make bench-web`."
)


def database_url() -> str:
    """The benchmark's database: BENCH_DATABASE_URL, or its own name on the portal's server."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url
    base = os.environ.get("DATABASE_URL")
    if not base:
        from integration_portal.localdb import local_database_url

        base = local_database_url()
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{DATABASE_NAME}"))


def prepare_database(url: str, regenerate: bool) -> None:
    """Create the database if needed (afresh when regenerating), migrate it, fill it."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if regenerate:
            if not name.startswith(DATABASE_NAME):
                raise SystemExit(
                    f"BENCH_REGENERATE ne supprime que les bases du banc ({DATABASE_NAME}…), "
                    f"pas {name} : videz-la vous-même."
                )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')

    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "integration_portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    from partners.models import Organisation

    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        print(f"Base {name} réutilisée (BENCH_REGENERATE=1 pour la régénérer).", flush=True)
    else:
        print(f"Génération des données dans {name}…", flush=True)
        call_command("generate_scale_data")
        # As autovacuum would in a while: statistics for the planner, and the visibility map
        # that index-only scans (counts, facets) rely on.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pick_records() -> dict[str, str]:
    """The values of the addresses' placeholders, read from the database."""
    from django.db.models import Count

    from events.models import Event
    from partners.models import Organisation
    from programmes.models import Programme
    from reference.models import Territory, Theme

    programmes = Programme.objects.published()
    theme = Theme.objects.annotate(n=Count("programmes")).order_by("-n", "slug").first()
    region = max(
        Territory.objects.regions().order_by("code"),
        key=lambda region: programmes.filter(themes=theme).for_territory(region).count(),
    )
    department = max(
        Territory.objects.departments().order_by("code"),
        key=lambda department: Event.objects.published().for_territory(department).count(),
    )
    programme = programmes.annotate(n=Count("partnerships")).order_by("-n", "id").first()
    organisation = (
        Organisation.objects.published()
        .annotate(n=Count("led_programmes", distinct=True) + Count("partnerships", distinct=True))
        .order_by("-n", "id")
        .first()
    )
    return {
        "theme": theme.slug,
        "region": region.code,
        "department": department.code,
        "word": WORD,
        "programme": programme.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    # As ``make serve`` does: the static files, hashed and compressed, served by whitenoise.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "integration_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--worker-class={WORKER_CLASS}",
        "--log-level=warning",
        # Long downloads (every organisation as CSV) stream for more than the default 30 s.
        "--timeout=300",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté au démarrage (code {server.returncode}).")
        if status(f"http://127.0.0.1:{port}/sante/") == 200:
            return server
        time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn ne répond pas sur /sante/ après 60 s.")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's master (graceful), then SIGKILL to its group if it lingers."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is reported as such, not followed


def wrk(url: str, seconds: int, script: Path) -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout=10s"]
    command += ["-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_of(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: read after it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry.name))
    return sorted(children)


def measure(base: str, values: dict[str, str], script: Path) -> list[dict]:
    opener = urllib.request.build_opener(NoRedirect)
    results = []
    for name, template, kind in PAGES:
        path = template.format(**{key: quote(value, safe="/") for key, value in values.items()})
        result = {"page": name, "path": path, "kind": kind}
        started = time.perf_counter()
        try:
            with opener.open(base + path, timeout=60) as response:
                response.read()
                result["status"] = response.status
        except urllib.error.HTTPError as error:
            result["status"] = error.code
        result["first_ms"] = (time.perf_counter() - started) * 1000
        print(
            f"{name} : {unquote(path)} → {result['status']} "
            f"(première réponse, sans cache : {result['first_ms']:.0f} ms)",
            flush=True,
        )
        if result["status"] == 200:
            wrk(base + path, WARMUP, script)
            report = wrk(base + path, SECONDS, script)
            result |= {
                "rps": report["requests"] / (report["duration_us"] / 1e6),
                "p50_ms": report["p50_us"] / 1000,
                "p95_ms": report["p95_us"] / 1000,
                "errors": report["non_2xx"] + report["socket_errors"],
            }
        results.append(result)
    return results


def peak_mib(pid: int) -> float:
    """The highest resident memory the process has had (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def full_download(base: str, master: int) -> dict:
    """Download every organisation as CSV, once; the workers' peak memory, before and after."""
    before = {pid: peak_mib(pid) for pid in workers_of(master)}
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(base + FULL_DOWNLOAD, timeout=600) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
    seconds = time.perf_counter() - started
    after = {pid: peak_mib(pid) for pid in workers_of(master)}
    served_by = max(after, key=lambda pid: after[pid] - before.get(pid, 0))
    return {
        "path": FULL_DOWNLOAD,
        "seconds": seconds,
        "megabytes": size / 1e6,
        "peak_mib": after[served_by],
        "peak_before_mib": before.get(served_by, 0),
    }


def verdict(result: dict, ceiling: float) -> str:
    if result["kind"] == "plafond":
        return ""
    if "rps" not in result:
        return "non mesurée"
    p95, share = TARGETS[result["kind"]]
    ok = result["p95_ms"] < p95 and result["rps"] >= share * ceiling
    return f"p95 < {p95} ms, ≥ {share:.0%} : {'ok' if ok else 'en dessous'}"


def report(results: list[dict], memory: dict, download: dict) -> None:
    ceiling = results[0].get("rps", 0)
    print()
    print(
        f"{'page':<30}{'état':>6}{'1re ms':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'÷ plafond':>11}  objectif"
    )
    for result in results:
        if "rps" in result:
            share = result["rps"] / ceiling if ceiling else 0
            figures = (
                f"{result['rps']:>9.0f}{result['p50_ms']:>9.1f}{result['p95_ms']:>9.1f}"
                f"{share:>11.1%}"
            )
        else:
            figures = f"{'–':>9}{'–':>9}{'–':>9}{'–':>11}"
        errors = f" ({result['errors']} erreurs)" if result.get("errors") else ""
        print(
            f"{result['page']:<30}{result['status']!s:>6}{result['first_ms']:>9.0f}{figures}  "
            f"{verdict(result, ceiling)}{errors}"
        )
    print()
    print(
        f"Mémoire (RSS) : maître {memory['master_mib']:.0f} Mo, {len(memory['workers_mib'])} "
        f"workers {', '.join(f'{m:.0f}' for m in memory['workers_mib'])} Mo "
        f"(total {memory['total_mib']:.0f} Mo)"
    )
    within = "ok" if download["peak_mib"] < FULL_DOWNLOAD_MIB else "au-dessus"
    print(
        f"Téléchargement complet {download['path']} : {download['megabytes']:.0f} Mo en "
        f"{download['seconds']:.1f} s ; pic de mémoire du worker {download['peak_mib']:.0f} Mo "
        f"(avant : {download['peak_before_mib']:.0f} Mo ; objectif < {FULL_DOWNLOAD_MIB} Mo : "
        f"{within})"
    )
    print(
        "BENCH_WEB_JSON "
        + json.dumps({"results": results, "memory": memory, "full_download": download})
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit(WRK_MISSING)
    url = database_url()
    prepare_database(url, regenerate=os.environ.get("BENCH_REGENERATE") == "1")
    values = pick_records()
    from django.db import connections

    connections.close_all()
    port = free_port()
    print(
        f"gunicorn {WORKERS} workers {WORKER_CLASS}, wrk {CONNECTIONS} connexions, "
        f"{SECONDS} s par page (après {WARMUP} s de mise en route), {os.cpu_count()} cœurs",
        flush=True,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        server = start_gunicorn(url, port)
        try:
            results = measure(f"http://127.0.0.1:{port}", values, Path(script.name))
            download = full_download(f"http://127.0.0.1:{port}", server.pid)
            workers = [rss_mib(pid) for pid in workers_of(server.pid)]
            memory = {
                "master_mib": rss_mib(server.pid),
                "workers_mib": workers,
                "total_mib": rss_mib(server.pid) + sum(workers),
            }
        finally:
            stop(server)
    report(results, memory, download)


if __name__ == "__main__":
    main()
