"""Official reference data shipped with the code: INSEE (COG) territories, starting lists.

``data/communes.csv`` holds every current commune and municipal arrondissement of the 101
departments with its postcodes, taken from the ``@etalab/decoupage-administratif`` 6.0.0 data
(INSEE's COG and La Poste's postcodes; MIT licence).
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

THEMES = [
    ("logement-hebergement", "Logement et hébergement"),
    ("apprentissage-francais", "Apprentissage du français"),
    ("emploi-formation", "Emploi et formation"),
    ("sante-soutien-psychologique", "Santé et soutien psychologique"),
    ("acces-droits-aide-juridique", "Accès aux droits et aide juridique"),
    ("culture-sport", "Culture et sport"),
    ("mobilite-geographique", "Mobilité géographique"),
    ("mineurs-non-accompagnes", "Mineurs non accompagnés"),
    ("vieillissement-migrants", "Vieillissement des migrants"),
]

AUDIENCES = [
    ("refugies", "Réfugiés"),
    ("demandeurs-asile", "Demandeurs d'asile"),
    ("primo-arrivants", "Primo-arrivants (signataires du CIR)"),
    ("travailleurs-migrants-ages", "Travailleurs migrants âgés"),
    ("mineurs-non-accompagnes", "Mineurs non accompagnés"),
    ("familles", "Familles"),
]


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_territories(Territory) -> None:
    """Create or update France, its regions, its departments and all its communes.

    Takes the model class as an argument so that data migrations can pass their historical
    one. Each level is written in one bulk upsert (about 35 000 communes).
    """

    def upsert(level, rows, parents):
        Territory.objects.bulk_create(
            [
                Territory(
                    level=level,
                    code=code,
                    name=name,
                    parent_id=parents[parent_code],
                    postcodes=postcodes,
                )
                for code, name, parent_code, postcodes in rows
            ],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["level", "code"],
            update_fields=["name", "parent", "postcodes"],
        )
        return dict(Territory.objects.filter(level=level).values_list("code", "id"))

    france = upsert("pays", [("FR", "France", None, [])], {None: None})
    regions = upsert(
        "region", [(r["code"], r["name"], "FR", []) for r in read_rows("regions.csv")], france
    )
    departments = upsert(
        "departement",
        [(r["code"], r["name"], r["region_code"], []) for r in read_rows("departments.csv")],
        regions,
    )
    upsert(
        "commune",
        [
            (r["code"], r["name"], r["department_code"], r["postcodes"].split())
            for r in read_rows("communes.csv")
        ],
        departments,
    )


def load_lists(Theme, Audience) -> None:
    for model, entries in ((Theme, THEMES), (Audience, AUDIENCES)):
        for position, (slug, name) in enumerate(entries, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
