"""Official reference data shipped with the code: INSEE (COG) territories, starting lists."""

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
    """Create or update France, its regions, departments and the shipped communes.

    Takes the model class as an argument so that data migrations can pass their historical one.
    """

    def upsert(level, code, name, parent, postcodes=()):
        territory, _ = Territory.objects.update_or_create(
            level=level,
            code=code,
            defaults={"name": name, "parent": parent, "postcodes": list(postcodes)},
        )
        return territory

    france = upsert("pays", "FR", "France", None)
    regions = {
        row["code"]: upsert("region", row["code"], row["name"], france)
        for row in read_rows("regions.csv")
    }
    departments = {
        row["code"]: upsert("departement", row["code"], row["name"], regions[row["region_code"]])
        for row in read_rows("departments.csv")
    }
    for row in read_rows("communes.csv"):
        upsert(
            "commune",
            row["code"],
            row["name"],
            departments[row["department_code"]],
            row["postcodes"].split(),
        )


def load_lists(Theme, Audience) -> None:
    for model, entries in ((Theme, THEMES), (Audience, AUDIENCES)):
        for position, (slug, name) in enumerate(entries, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
