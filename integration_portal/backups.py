"""Backups of the database with PostgreSQL's own tools: ``pg_dump`` in its custom format
(compressed, restored table by table by ``pg_restore``), and restoring one.

The tools must be at least as recent as the server: the newest of those found is used, from
``PG_BIN_DIR``, the ``PATH`` (Debian's ``postgresql-client``) and, in development, the
``pgserver`` wheel that runs the project-local PostgreSQL. The database is named by libpq's
variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), never on the command line, where
other users of the machine could read its password.
"""

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import dj_database_url
from django.core.management.base import CommandError


def candidates(tool: str) -> list[Path]:
    found = []
    if bin_dir := os.environ.get("PG_BIN_DIR"):
        found.append(Path(bin_dir) / tool)
    if on_path := shutil.which(tool):
        found.append(Path(on_path))
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; its fallback suits us.
            warnings.simplefilter("ignore")
            import pgserver  # development only

        found.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / tool)
    except ImportError:
        pass
    return [path for path in found if path.exists()]


def version_of(path: Path) -> tuple[int, ...]:
    output = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    return tuple(int(part) for part in match.groups() if part) if match else (0,)


def tool(name: str, server_version: int) -> Path:
    """The newest ``name`` found, if it is at least the server's major version."""
    found = sorted(candidates(name), key=version_of, reverse=True)
    major = server_version // 10000
    if not found or version_of(found[0])[0] < major:
        raise CommandError(
            f"{name} (PostgreSQL {major} ou plus récent) est introuvable : installez le paquet "
            f"postgresql-client-{major}, ou indiquez son dossier dans PG_BIN_DIR."
        )
    return found[0]


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def settings_of(url: str) -> dict:
    return dj_database_url.parse(url)


def dump(settings_dict: dict, server_version: int, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    run(
        [tool("pg_dump", server_version), "--format=custom", f"--file={output}"],
        settings_dict,
    )


def restore(settings_dict: dict, server_version: int, archive: Path) -> None:
    """Into the database, replacing what the archive holds, in one transaction: a failed
    restore leaves the database as it was."""
    run(
        [
            tool("pg_restore", server_version),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(archive),
        ],
        settings_dict,
    )


def run(command: list, settings_dict: dict) -> None:
    result = subprocess.run(
        command, env=libpq_environment(settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()}")
