"""Where generated records are placed: the departments weighted by their population, and
communes within them weighted by their number of postcodes (cities have several)."""

import itertools
from dataclasses import dataclass, field

from integration_portal.scale.words import VOCABULARY, in_place, of_place
from reference.enums import TerritoryLevel
from reference.models import Territory


@dataclass(frozen=True)
class Region:
    id: int
    code: str
    name: str
    of: str  # « de Bretagne »
    in_: str  # « en Bretagne »


@dataclass(frozen=True)
class Commune:
    id: int
    name: str
    postcodes: tuple[str, ...]

    @property
    def of(self) -> str:
        return of_place(self.name)

    @property
    def in_(self) -> str:
        return in_place(self.name)


@dataclass
class Department:
    id: int
    code: str
    name: str
    of: str
    in_: str
    population: int
    region: Region
    communes: list[Commune] = field(default_factory=list)
    commune_weights: list[int] = field(default_factory=list)  # cumulated

    def words(self, commune: Commune) -> dict[str, str]:
        """The placeholders of the vocabulary's name templates."""
        return {
            "commune": commune.name,
            "de_commune": commune.of,
            "department": self.name,
            "de_department": self.of,
            "region": self.region.name,
            "de_region": self.region.of,
        }


class Places:
    """The territories of the database, read once, in code order (deterministic)."""

    def __init__(self):
        territories = Territory.objects.order_by("code")
        self.france = territories.get(level=TerritoryLevel.COUNTRY).pk
        regions = {
            code: Region(pk, code, name, *VOCABULARY["regions"][code])
            for pk, code, name in territories.regions().values_list("id", "code", "name")
        }
        self.departments = [
            Department(pk, code, name, *_department_words(code), regions[region])
            for pk, code, name, region in territories.departments().values_list(
                "id", "code", "name", "parent__code"
            )
        ]
        by_code = {department.code: department for department in self.departments}
        communes = territories.communes().exclude(postcodes=[])
        for pk, name, postcodes, department in communes.values_list(
            "id", "name", "postcodes", "parent__code"
        ):
            by_code[department].communes.append(Commune(pk, name, tuple(postcodes)))
        for department in self.departments:
            weights = (len(commune.postcodes) ** 2 for commune in department.communes)
            department.commune_weights = list(itertools.accumulate(weights))
        self.department_weights = list(
            itertools.accumulate(department.population for department in self.departments)
        )

    def department(self, rng, index: int) -> Department:
        """The first records go to each department in turn (all of them hold some), the
        others by population."""
        if index < len(self.departments):
            return self.departments[index]
        return rng.choices(self.departments, cum_weights=self.department_weights)[0]

    @staticmethod
    def commune(rng, department: Department) -> Commune:
        return rng.choices(department.communes, cum_weights=department.commune_weights)[0]

    def territory(self, level: str, department: Department, commune: Commune) -> int:
        return {
            TerritoryLevel.COMMUNE: commune.id,
            TerritoryLevel.DEPARTMENT: department.id,
            TerritoryLevel.REGION: department.region.id,
            TerritoryLevel.COUNTRY: self.france,
        }[level]

    def phrase(self, level: str, department: Department, commune: Commune) -> str:
        """Where, as a title says it: « à Poitiers », « dans le Nord », « en Bretagne »."""
        return {
            TerritoryLevel.COMMUNE: commune.in_,
            TerritoryLevel.DEPARTMENT: department.in_,
            TerritoryLevel.REGION: department.region.in_,
            TerritoryLevel.COUNTRY: "en France",
        }[level]


def _department_words(code: str) -> tuple[str, str, int]:
    population, of, in_ = VOCABULARY["departments"][code]
    return of, in_, population
