"""The official names of regions, departments and communes, read once per process from the
files the reference data ships (``data/*.csv``, loaded into the database by migrations), and
finding a place in a search: a commune's name or postcode, a department's or a region's name.
"""

import re
from dataclasses import dataclass
from functools import cache

from core.search import unaccent
from reference.enums import TerritoryLevel
from reference.loaders import read_rows


@dataclass(frozen=True)
class Place:
    """A territory as pages name it: its level, code and name."""

    level: TerritoryLevel
    code: str
    name: str
    department_code: str = ""
    region_code: str = ""

    def __str__(self):
        if self.is_department:
            return f"{self.name} ({self.code})"
        if self.level == TerritoryLevel.COMMUNE:
            return f"{self.name} ({self.department_code})"
        return self.name

    # For templates, which cannot name the enum's members.
    @property
    def is_country(self) -> bool:
        return self.level == TerritoryLevel.COUNTRY

    @property
    def is_region(self) -> bool:
        return self.level == TerritoryLevel.REGION

    @property
    def is_department(self) -> bool:
        return self.level == TerritoryLevel.DEPARTMENT

    @property
    def is_commune(self) -> bool:
        return self.level == TerritoryLevel.COMMUNE


@cache
def regions() -> dict[str, Place]:
    return {
        row["code"]: Place(TerritoryLevel.REGION, row["code"], row["name"], region_code=row["code"])
        for row in read_rows("regions.csv")
    }


@cache
def departments() -> dict[str, Place]:
    return {
        row["code"]: Place(
            TerritoryLevel.DEPARTMENT, row["code"], row["name"], row["code"], row["region_code"]
        )
        for row in read_rows("departments.csv")
    }


def fold(name: str) -> str:
    """« Saint-Étienne-du-Rouvray » → "saint etienne du rouvray": what a person may type."""
    return " ".join(re.findall(r"[a-z0-9]+", unaccent(name).lower()))


@cache
def _places() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """Folded names → places (communes, departments, regions), postcodes → communes."""
    by_name: dict[str, list[Place]] = {}
    by_postcode: dict[str, list[Place]] = {}
    department_regions = {code: place.region_code for code, place in departments().items()}
    for row in read_rows("communes.csv"):
        if "Arrondissement" in row["name"]:  # Paris, Lyon and Marseille are found whole
            continue
        department = row["department_code"]
        place = Place(
            TerritoryLevel.COMMUNE,
            row["code"],
            row["name"],
            department,
            department_regions[department],
        )
        by_name.setdefault(fold(row["name"]), []).append(place)
        for postcode in row["postcodes"].split():
            by_postcode.setdefault(postcode, []).append(place)
    for place in [*departments().values(), *regions().values()]:
        by_name.setdefault(fold(place.name), []).insert(0, place)
    return by_name, by_postcode


@dataclass(frozen=True)
class PlaceMatch:
    """Places a query names, and the rest of the query."""

    places: tuple[Place, ...]
    rest: str
    postcode: bool = False  # found by a postcode, which means a place and nothing else

    @property
    def department_codes(self) -> set[str]:
        return {place.department_code for place in self.places if place.department_code}

    @property
    def department(self) -> Place | None:
        """The one department the places lie in, if they lie in one."""
        codes = self.department_codes
        return departments()[next(iter(codes))] if len(codes) == 1 else None


MAX_NAME_WORDS = 6


def find_place(query: str) -> PlaceMatch | None:
    """The place a query names at its end or at its start (« logement Poitiers »,
    « 86000 », « Saint-Denis »), the longest name first; None when it names none.

    A commune name shared by several communes gives them all (the page lets the person
    choose); a region's or a department's name gives it alone. Postcodes give the communes
    they serve."""
    by_name, by_postcode = _places()
    words = fold(query).split()
    for word in words:
        if re.fullmatch(r"[0-9]{5}", word) and word in by_postcode:
            rest = " ".join(w for w in words if w != word)
            return PlaceMatch(tuple(by_postcode[word]), rest, postcode=True)
    for size in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        for start in {len(words) - size, 0}:
            name = " ".join(words[start : start + size])
            if name in by_name:
                rest = " ".join(words[:start] + words[start + size :])
                return PlaceMatch(_widest(by_name[name]), rest)
    return None


def _widest(places: list[Place]) -> tuple[Place, ...]:
    """A region's or department's name means it rather than communes of the same name
    (« Vienne » is the department, « Bretagne » the region)."""
    wide = [place for place in places if not place.is_commune]
    return tuple(wide or places)
