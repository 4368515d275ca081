"""Official reference data shipped with the code: INSEE (COG) territories, starting lists.

``data/communes.csv`` holds every current commune and municipal arrondissement of the 101
departments with its postcodes, taken from the ``@etalab/decoupage-administratif`` 6.0.0 data
(INSEE's COG and La Poste's postcodes; MIT licence).
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# (identifier, French name, English name)
THEMES = [
    ("logement-hebergement", "Logement et hébergement", "Housing and shelter"),
    ("apprentissage-francais", "Apprentissage du français", "Learning French"),
    ("emploi-formation", "Emploi et formation", "Employment and training"),
    (
        "sante-soutien-psychologique",
        "Santé et soutien psychologique",
        "Health and psychological support",
    ),
    (
        "acces-droits-aide-juridique",
        "Accès aux droits et aide juridique",
        "Access to rights and legal aid",
    ),
    ("culture-sport", "Culture et sport", "Culture and sport"),
    ("mobilite-geographique", "Mobilité géographique", "Geographical mobility"),
    ("mineurs-non-accompagnes", "Mineurs non accompagnés", "Unaccompanied minors"),
    ("vieillissement-migrants", "Vieillissement des migrants", "Ageing migrants"),
]

AUDIENCES = [
    ("refugies", "Réfugiés", "Refugees"),
    ("demandeurs-asile", "Demandeurs d'asile", "Asylum seekers"),
    (
        "primo-arrivants",
        "Primo-arrivants (signataires du CIR)",
        "Newcomers (signatories of the republican integration contract)",
    ),
    ("travailleurs-migrants-ages", "Travailleurs migrants âgés", "Older migrant workers"),
    ("mineurs-non-accompagnes", "Mineurs non accompagnés", "Unaccompanied minors"),
    ("familles", "Familles", "Families"),
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
    """Create the starting themes and audiences; an existing entry only gains its English
    name if it has none (staff may have changed the rest). Migrations pass their historical
    models, which have no English name before ``0003``."""
    for model, entries in ((Theme, THEMES), (Audience, AUDIENCES)):
        english = any(field.name == "name_en" for field in model._meta.fields)
        for position, (slug, name, name_en) in enumerate(entries, start=1):
            defaults = {"name": name, "position": position}
            item, created = model.objects.get_or_create(
                slug=slug, defaults=defaults | ({"name_en": name_en} if english else {})
            )
            if english and not created and not item.name_en:
                item.name_en = name_en
                item.save(update_fields=["name_en"])
