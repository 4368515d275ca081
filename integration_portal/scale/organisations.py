"""Generated organisations: the national State bodies, a few dozen networks, then
associations, local authorities, State services, landlords, funders and companies spread
over the departments, with valid and unique RNA and SIRET numbers, postcodes of their
commune, themes and network memberships."""

from django.utils.text import slugify
from stdnum import luhn

from integration_portal.scale.words import VOCABULARY, WORDS, enumeration
from integration_portal.scale.world import World
from partners.enums import OrganisationKind as Kind
from partners.models import Membership, Organisation
from reference.enums import TerritoryLevel as Level

FIELDS = [
    "id",
    "name",
    "acronym",
    "kind",
    "rna",
    "siren",
    "siret",
    "description",
    "address",
    "postcode",
    "commune",
    "territory",
    "website",
    "email",
    "phone",
    "is_dissolved",
    "dissolved_on",
    "publication_state",
    "created_at",
    "updated_at",
]
KINDS = [Kind.ASSOCIATION, Kind.LOCAL_AUTHORITY, Kind.STATE_SERVICE, Kind.SOCIAL_LANDLORD]
KINDS += [Kind.FUNDER, Kind.COMPANY, Kind.OTHER]
KIND_WEIGHTS = [72, 7, 3, 3, 2, 6, 7]
FUNDER_KINDS = {Kind.STATE_BODY, Kind.STATE_SERVICE, Kind.LOCAL_AUTHORITY, Kind.FUNDER}
UNLOCATED = 0.03  # share of organisations without an address
# SIRENs are numbered from here (8 digits, then the Luhn key): far from La Poste's 356000000.
FIRST_SIREN = 30_000_000
# The first digits of a telephone number, per region.
PHONE_AREAS = {
    **dict.fromkeys(["11"], "1"),
    **dict.fromkeys(["24", "28", "52", "53"], "2"),
    **dict.fromkeys(["27", "32", "44"], "3"),
    **dict.fromkeys(["84", "93", "94"], "4"),
    **dict.fromkeys(["75", "76"], "5"),
    **{"01": "590", "02": "596", "03": "594", "04": "262", "06": "269"},
}


def network_count(organisations: int) -> int:
    """A few dozen networks at national scale, at least three."""
    return max(3, min(40, organisations // 5000))


class Organisations:
    """Rows of the organisation table, in id order; fills the world's pools on the way."""

    def __init__(self, world: World, count: int):
        self.world, self.count = world, count
        self.rng = world.rng("organisations")
        self.themes: list[tuple[int, int]] = []
        self.memberships: list[tuple[int, int, int | None]] = []

    def rows(self):
        world, rng = self.world, self.rng
        bodies = VOCABULARY["state_bodies"]
        networks = network_names(rng, world, network_count(self.count))
        paris = next(d for d in world.places.departments if d.code == "75")
        paris_commune = max(paris.communes, key=lambda commune: len(commune.postcodes))
        pk = 0
        for body in bodies:
            pk += 1
            world.state_bodies[body["acronym"]] = pk
            yield self.row(
                pk,
                body["name"],
                body["acronym"],
                Kind.STATE_BODY,
                Level.COUNTRY,
                paris,
                paris_commune,
            )
        for name, level, department in networks:
            pk += 1
            world.networks.append(pk)
            yield self.row(
                pk, name, "", Kind.NETWORK, level, department, world.places.commune(rng, department)
            )
        for index in range(self.count - pk):
            pk += 1
            department = world.places.department(rng, index)
            commune = world.places.commune(rng, department)
            kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
            template = rng.choice(VOCABULARY["names"][kind])
            level = template_level(template, rng)
            name = template.format(**department.words(commune))
            world.organisations_by_department.setdefault(department.code, []).append(pk)
            # Some have no known address, but not the first one of each department.
            located = index < len(world.places.departments) or rng.random() > UNLOCATED
            yield self.row(
                pk, name, acronym(rng, name, kind), kind, level, department, commune, located
            )

    def row(self, pk, name, acronym, kind, level, department, commune, located=True):
        world, rng = self.world, self.rng
        world.organisation_names[pk] = name
        if kind in FUNDER_KINDS:
            world.funders.append(pk)
        self.relations(pk, kind)
        rna, siren, siret = identifiers(rng, pk, kind, department.code)
        # Invented contacts only for invented organisations: the State bodies' names are real.
        reachable = kind != Kind.STATE_BODY
        slug = slugify(name)[:40].strip("-")
        dissolved = kind == Kind.ASSOCIATION and rng.random() < 0.02
        created, changed = world.stamps(rng)
        return (
            pk,
            name,
            acronym,
            kind,
            rna,
            siren,
            siret,
            description(rng, name, world.places.phrase(level, department, commune)),
            f"{rng.randint(1, 180)} {rng.choice(WORDS['streets'])}" if located else "",
            rng.choice(commune.postcodes) if located else "",
            commune.id if located else None,
            world.places.territory(level, department, commune),
            f"https://www.{slug}.example.org/" if reachable and rng.random() < 0.45 else "",
            f"contact@{slug}.example.org" if reachable and rng.random() < 0.4 else "",
            phone(rng, department.region) if reachable and rng.random() < 0.5 else "",
            dissolved,
            changed.date() if dissolved and rng.random() < 0.7 else None,
            world.state(rng),
            created,
            changed,
        )

    def relations(self, pk, kind):
        rng, world = self.rng, self.world
        for theme in world.theme_ids(rng, extra=(0, 1, 1, 2, 2, 3)):
            self.themes.append((pk, theme))
        if kind == Kind.ASSOCIATION and world.networks and rng.random() < 0.3:
            for network in rng.sample(world.networks, min(len(world.networks), rng.randint(1, 2))):
                since = rng.randint(1995, world.today.year) if rng.random() < 0.5 else None
                self.memberships.append((pk, network, since))

    def write(self, copier):
        copier.copy("structures", Organisation, FIELDS, self.rows())
        copier.copy(
            "thèmes des structures",
            Organisation.themes.through,
            ["organisation", "theme"],
            self.themes,
        )
        copier.copy(
            "adhésions à un réseau", Membership, ["member", "network", "since"], self.memberships
        )


def network_names(rng, world, count):
    """(name, level, department) of ``count`` distinct networks, national or regional (in a
    department of their region)."""
    names, seen = [], set()
    templates = VOCABULARY["names"][Kind.NETWORK]
    while len(names) < count:
        template = rng.choice(templates)
        department = rng.choice(world.places.departments)
        level = Level.REGION if "{" in template else Level.COUNTRY
        name = template.format(**department.words(department.communes[0]))
        if name not in seen:
            seen.add(name)
            names.append((name, level, department))
    return names


def template_level(template: str, rng) -> str:
    """The level a name speaks of: « Région … » a region, « … du Nord » a department; an
    organisation named after its commune often acts in the whole department."""
    if "region}" in template:
        return Level.REGION
    if "department}" in template:
        return Level.DEPARTMENT
    return Level.COMMUNE if rng.random() < 0.7 else Level.DEPARTMENT


def acronym(rng, name, kind) -> str:
    if kind != Kind.ASSOCIATION or rng.random() > 0.25:
        return ""
    words = [word for word in name.replace("'", " ").split() if len(word) > 3]
    return "".join(word[0].upper() for word in words)[:8]


def identifiers(rng, pk, kind, department_code) -> tuple[str, str, str]:
    """RNA (associations), SIREN and SIRET (most others), unique by construction: both
    numbered from the organisation's id. State bodies keep theirs blank: their names are real.
    """
    if kind == Kind.STATE_BODY:
        return "", "", ""
    rna = ""
    if kind == Kind.ASSOCIATION and rng.random() < 0.85:
        rna = f"W{department_code[:2]}{pk:07d}"
    siren = siret = ""
    if rng.random() < (0.5 if kind == Kind.ASSOCIATION else 0.95):
        siren = f"{FIRST_SIREN + pk:08d}"
        siren += luhn.calc_check_digit(siren)
        nic = f"{siren}{rng.randint(1, 9999):04d}"
        siret = nic + luhn.calc_check_digit(nic)
        if rng.random() < 0.2:
            siren = ""
    return rna, siren, siret


def description(rng, name, where) -> str:
    public = rng.choice(WORDS["audiences"])
    activities = enumeration(rng.sample(WORDS["activities"], 3))
    opening = f"{name} accompagne les {public} {where} : {activities}."
    return " ".join([opening, *rng.sample(WORDS["organisation_sentences"], rng.randint(1, 3))])


def phone(rng, region) -> str:
    area = PHONE_AREAS[region.code]
    digits = f"0{area}" + "".join(str(rng.randrange(10)) for _ in range(9 - len(area)))
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
