"""make bench-import: the import of organisation lists against its floor, in one run.

1. Generates a 100 000-row RNA « waldec » file (valid identifiers, real communes).
2. Imports it into an empty database with full validation, re-imports it unchanged, then
   imports a version with 10 % of the rows changed (each in a child process, whose peak
   memory is read from the kernel).
3. Times the floor on the same table (same indexes, generated column and history triggers):
   the same rows parsed with the csv module, loaded by COPY into a staging table and upserted
   with INSERT … ON CONFLICT … WHERE … IS DISTINCT FROM.
4. Times the admin's preview then confirmation of a 20 000-row file.

It works in a database of its own, created and dropped here.
"""

import csv
import io
import os
import random
import sys
import time

ROWS = int(os.environ.get("BENCH_ROWS", 100_000))
ADMIN_ROWS = int(os.environ.get("BENCH_ADMIN_ROWS", 20_000))
# The benchmark's own database (BENCH_DATABASE_NAME: another name, when several checkouts
# share a server).
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "integration_portal_bench")
HEADER = """
id id_ex siret rup_mi gestion date_creat date_decla date_publi date_disso nature groupement titre
titre_court objet objet_social1 objet_social2 adrs_complement adrs_numvoie adrs_repetition
adrs_typevoie adrs_libvoie adrs_distrib adrs_codeinsee adrs_codepostal adrs_libcommune
adrg_declarant adrg_complemid adrg_complemgeo adrg_libvoie adrg_distrib adrg_codepostal
adrg_achemine adrg_pays dir_civilite siteweb publiweb observation position maj_time
""".split()  # noqa: SIM905 (one line per group of columns reads better)
WORDS = [
    "ACCUEIL",
    "ENTRAIDE",
    "SOLIDARITÉ",
    "FRANÇAIS POUR TOUS",
    "LOGEMENT",
    "AMITIÉ",
    "ALPHABÉTISATION",
    "MÉDIATION",
    "INSERTION",
    "CULTURE ET PARTAGE",
]
VOIES = [
    ("RUE", "de la République"),
    ("AV", "Jean Jaurès"),
    ("BD", "Victor Hugo"),
    ("PL", "de la Mairie"),
    ("CHE", "des Écoles"),
    ("ALL", "des Tilleuls"),
]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings.test")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = DATABASE_NAME
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def generate(communes, rows, seed=2026):
    from stdnum import luhn

    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(rows):
        code, name, department, postcode = communes[rng.randrange(len(communes))]
        siret = ""
        if rng.random() < 0.4:
            siren = f"{400_000_000 + i * 7:09d}"[:8]
            siren += luhn.calc_check_digit(siren)
            nic = f"{i % 10_000:04d}"
            siret = siren + nic + luhn.calc_check_digit(siren + nic)
        voie_type, voie = VOIES[i % len(VOIES)]
        row = [""] * len(HEADER)
        row[0] = f"W{department[:2]}{i:07d}"
        row[2] = siret
        row[8] = "0001-01-01"
        row[9] = "D"
        row[11] = f"ASSOCIATION {WORDS[i % len(WORDS)]} DE {name.upper()} N°{i}"
        row[13] = "favoriser l'accueil et l'intégration des personnes étrangères"
        row[17] = str(1 + i % 120)
        row[19], row[20] = voie_type, voie
        row[21] = "_"
        row[22], row[23], row[24] = code, postcode, name.upper()
        row[32] = "FRANCE"
        row[34] = f"https://asso{i}.example.org" if i % 5 == 0 else ""
        row[37] = "A"
        row[38] = "2024-05-01 10:00:00"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def changed(data: bytes, share=10) -> bytes:
    lines = data.decode("utf-8").split("\n")
    for index in range(1, len(lines), share):
        if lines[index]:
            cells = lines[index].split(";")
            cells[11] += " (NOUVEAU NOM)"
            lines[index] = ";".join(cells)
    return "\n".join(lines).encode("utf-8")


def in_child(function, *args):
    """Run ``function(*args)`` in a forked child; return its result, seconds and peak RSS."""
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        from django.db import connections

        connections.close_all()
        start = time.perf_counter()
        result = function(*args)
        elapsed = time.perf_counter() - start
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump((result, elapsed), pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark child failed (status {status})")
    result, elapsed = pickle.loads(payload)
    return result, elapsed, usage.ru_maxrss / 1024  # MiB


def do_import(data):
    from partners.importing.engine import run_import

    return run_import(data).counts


def floor(data):
    """COPY into a staging table, then one upsert into the organisation table."""
    from django.db import connection, transaction
    from django.utils import timezone

    text = data.decode("utf-8")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    next(reader)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE floor_staging (rna text, siret text, name text, "
            "description text, address text, postcode text, website text) ON COMMIT DROP"
        )
        with cursor.copy("COPY floor_staging FROM STDIN") as copy:
            for row in reader:
                address = f"{row[17]} {row[19]} {row[20]}"
                copy.write_row((row[0], row[2], row[11], row[13], address, row[23], row[34]))
        cursor.execute(
            """
            INSERT INTO partners_organisation (rna, siret, siren, name, description, address,
                postcode, website, kind, acronym, phone, email, is_dissolved,
                publication_state, created_at, updated_at)
            SELECT rna, siret, left(siret, 9), name, description, address, postcode, website,
                'association', '', '', '', false, 'brouillon', %s, %s
            FROM floor_staging
            ON CONFLICT (rna) WHERE rna <> '' DO UPDATE SET
                name = excluded.name, siret = excluded.siret, siren = excluded.siren,
                description = excluded.description, address = excluded.address,
                postcode = excluded.postcode, website = excluded.website,
                updated_at = excluded.updated_at
            WHERE (partners_organisation.name, partners_organisation.siret,
                   partners_organisation.description, partners_organisation.address,
                   partners_organisation.postcode, partners_organisation.website)
                IS DISTINCT FROM (excluded.name, excluded.siret, excluded.description,
                   excluded.address, excluded.postcode, excluded.website)
            """,
            [now, now],
        )
        return cursor.rowcount


def admin_flow(data):
    """Upload (preview) then confirm through the admin, as a data officer does."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from core.jobs import run_worker_until_empty

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    start = time.perf_counter()
    response = client.post(
        "/admin/partners/organisation/import/",
        {"file": SimpleUploadedFile("bench.csv", data)},
    )
    run_worker_until_empty()  # the preview is read by the job worker
    preview = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    start = time.perf_counter()
    confirmed = client.post(response.url, {"confirm": "1"})
    run_worker_until_empty()  # and written by it
    confirm = time.perf_counter() - start
    assert confirmed.status_code == 302, confirmed.status_code
    return preview, confirm


def truncate():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE partners_organisation, partners_organisationevent, "
            "partners_importrecord RESTART IDENTITY CASCADE"
        )


def main():
    connection = setup_django()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        results, floor_results, admin = measure()
    finally:
        connection.creation.destroy_test_db(DATABASE_NAME, verbosity=0)
    report(results, floor_results, admin)
    return check(results, floor_results, admin)


def measure():
    """The imports, their COPY floors and the admin flow, each in a child process."""
    from reference.models import Territory

    communes = [
        (code, name, parent, postcodes[0])
        for code, name, parent, postcodes in Territory.objects.communes()
        .exclude(postcodes=[])
        .values_list("code", "name", "parent__code", "postcodes")
    ]
    print(f"Génération de {ROWS} lignes RNA « waldec »…", flush=True)
    data = generate(communes, ROWS)
    modified = changed(data)
    print(f"Fichier : {len(data) / 1_000_000:.1f} Mo, {cpu_info()}", flush=True)
    results = []
    for label, payload in (
        ("premier import", data),
        ("réimport inchangé", data),
        ("réimport, 10 % modifiés", modified),
    ):
        counts, seconds, peak = in_child(do_import, payload)
        results.append((label, seconds, peak, counts))
    truncate()
    floor_results = []
    for label, payload in (
        ("plancher : premier chargement", data),
        ("plancher : rechargement inchangé", data),
        ("plancher : 10 % modifiés", modified),
    ):
        written, seconds, peak = in_child(floor, payload)
        floor_results.append((label, seconds, peak, f"lignes écrites={written}"))
    truncate()
    admin_data = generate(communes, ADMIN_ROWS, seed=7)
    (preview, confirm), _, admin_peak = in_child(admin_flow, admin_data)
    return results, floor_results, (preview, confirm, admin_peak)


def report(results, floor_results, admin):
    preview, confirm, admin_peak = admin
    print()
    print(f"{'phase':<36}{'secondes':>10}{'lignes/s':>11}{'÷ plancher':>12}{'pic Mo':>9}")
    for (label, seconds, peak, counts), (_, floor_seconds, _, _) in zip(
        results, floor_results, strict=True
    ):
        print(
            f"{label:<36}{seconds:>10.2f}{ROWS / seconds:>11.0f}"
            f"{floor_seconds / seconds:>12.2f}{peak:>9.0f}   {counts}"
        )
    for label, seconds, peak, written in floor_results:
        print(
            f"{label:<36}{seconds:>10.2f}{ROWS / seconds:>11.0f}{'1.00':>12}{peak:>9.0f}"
            f"   {written}"
        )
    print(
        f"admin, aperçu de {ADMIN_ROWS} lignes : {preview:.2f} s ; confirmation : "
        f"{confirm:.2f} s (pic {admin_peak:.0f} Mo)"
    )


def check(results, floor_results, admin) -> int:
    preview, confirm, _peak = admin
    first, unchanged = results[0][1], results[1][1]
    checks = [
        ("premier import ≥ 0,5 × plancher", floor_results[0][1] / first >= 0.5),
        ("réimport inchangé au moins aussi rapide que le premier", unchanged <= first),
        ("pic de mémoire < 400 Mo", max(r[2] for r in results) < 400),
        ("aperçu et confirmation admin < 20 s chacun", preview < 20 and confirm < 20),
    ]
    print()
    for label, ok in checks:
        print(f"{'OK ' if ok else 'NON'} {label}")
    return 0 if all(ok for _, ok in checks) else 1


def cpu_info():
    return f"{os.cpu_count()} cœurs"


if __name__ == "__main__":
    sys.exit(main())
