"""Generated schemes and programmes: each programme belongs to a scheme, acts on a
territory at some level, is led by an organisation of its department, and has partners
with roles, themes, audiences, dates consistent with its status, fundings over several
years and key figures."""

import datetime as dt
import itertools

from core.enums import PublicationState
from integration_portal.scale.words import VOCABULARY, WORDS, lower_first
from integration_portal.scale.world import World
from programmes.enums import FigureApproximation, FundingKind, FundingStatus, PartnerRole
from programmes.enums import ProgrammeStatus as Status
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.enums import TerritoryLevel as Level

SCHEME_FIELDS = ["id", "name", "acronym", "summary", "description", "pilot", "website"]
SCHEME_FIELDS += ["publication_state", "created_at", "updated_at"]
FIELDS = ["id", "title", "scheme", "territory", "lead_organisation", "status", "start_date"]
FIELDS += ["end_date", "summary", "description", "source", "publication_state"]
FIELDS += ["created_at", "updated_at"]
FUNDING_FIELDS = ["funder", "programme", "beneficiary", "amount", "is_yearly", "year"]
FUNDING_FIELDS += ["start_date", "end_date", "kind", "status", "label", "source"]
FUNDING_FIELDS += ["created_at", "updated_at"]
FIGURE_FIELDS = ["programme", "label", "value", "approximation", "unit", "year", "date"]
FIGURE_FIELDS += ["source", "position"]
LEVELS = [Level.COMMUNE, Level.DEPARTMENT, Level.REGION, Level.COUNTRY]
LEVEL_WEIGHTS = [45, 35, 15, 5]
PARTNER_ROLES = [PartnerRole.PARTNER, PartnerRole.OPERATOR, PartnerRole.FUNDER]
FUNDING_KINDS = list(FundingKind)
FUNDING_KIND_WEIGHTS = [45, 30, 10, 10, 5]
APPROXIMATIONS = list(FigureApproximation)
APPROXIMATION_WEIGHTS = [60, 20, 10, 10]


class Programmes:
    """Schemes, then programmes (rows in id order) with their related rows."""

    def __init__(self, world: World, count: int):
        self.world, self.count = world, count
        self.rng = world.rng("programmes")
        self.schemes = VOCABULARY["schemes"]
        self.themes: list[tuple[int, int]] = []
        self.audiences: list[tuple[int, int]] = []
        self.partners: list[tuple[int, int, str]] = []
        self.fundings: list[tuple] = []
        self.figures: list[tuple] = []

    def scheme_rows(self):
        world, rng = self.world, self.rng
        for pk, scheme in enumerate(self.schemes, start=1):
            created, changed = world.stamps(rng, days_back=8 * 365)
            yield (
                pk,
                scheme["name"],
                scheme["acronym"],
                f"Dispositif national : {lower_first(scheme['name'])}.",
                " ".join(rng.sample(WORDS["programme_sentences"], 2)),
                world.state_bodies.get(scheme.get("pilot")),
                "",
                PublicationState.PUBLISHED,
                created,
                changed,
            )

    def rows(self):
        world, rng = self.world, self.rng
        schemes = list(enumerate(self.schemes, start=1))
        weights = list(itertools.accumulate(scheme["weight"] for scheme in self.schemes))
        for index in range(self.count):
            pk = index + 1
            department = world.places.department(rng, index)
            commune = world.places.commune(rng, department)
            scheme_pk, scheme = rng.choices(schemes, cum_weights=weights)[0]
            level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
            public = rng.choice(WORDS["audiences"])
            where = world.places.phrase(level, department, commune)
            titles = scheme.get("titles") if rng.random() < 0.7 else None
            title = rng.choice(titles or WORDS["programme_titles"]).format(public=public)
            title = f"{title} {where}{rng.choice(WORDS['programme_suffixes'])}"
            local = world.organisations_by_department.get(department.code)
            lead = rng.choice(local) if local else rng.randint(1, len(world.organisation_names))
            status, start, end = dates(rng, world.today)
            world.programmes_by_department.setdefault(department.code, []).append(pk)
            self.relations(pk, scheme, lead, local, start, end)
            created, changed = world.stamps(rng)
            activity = rng.choice(WORDS["activities"])
            yield (
                pk,
                title,
                scheme_pk,
                world.places.territory(level, department, commune),
                lead,
                status,
                start,
                end,
                f"Programme porté par {world.organisation_names[lead]} : {activity} pour les "
                f"{public} {where}.",
                " ".join(rng.sample(WORDS["programme_sentences"], rng.randint(2, 4))),
                rng.choice(WORDS["sources"]),
                world.state(rng),
                created,
                changed,
            )

    def relations(self, pk, scheme, lead, local, start, end):
        world, rng = self.world, self.rng
        self.themes += [(pk, theme) for theme in world.theme_ids(rng, scheme["themes"])]
        audiences = rng.sample(world.audiences, rng.randint(1, 3))
        self.audiences += [(pk, audience) for audience in sorted(audiences)]
        if rng.random() < 0.5:
            self.partners.append((pk, lead, PartnerRole.LEAD))
        chosen = set()
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 5])):  # mostly local organisations
            chosen.add(rng.choice(local if local and rng.random() < 0.7 else world.funders))
        for organisation in sorted(chosen - {lead}):
            self.partners.append((pk, organisation, rng.choice(PARTNER_ROLES)))
        self.fundings += fundings(rng, world, pk, lead, start, end)
        if start > world.today:
            return  # no figures yet
        self.figures += figures(rng, world, pk, start, end)

    def write(self, copier):
        copier.copy("dispositifs", Scheme, SCHEME_FIELDS, self.scheme_rows())
        copier.copy("programmes", Programme, FIELDS, self.rows())
        copier.copy(
            "thèmes des programmes", Programme.themes.through, ["programme", "theme"], self.themes
        )
        copier.copy(
            "publics des programmes",
            Programme.audiences.through,
            ["programme", "audience"],
            self.audiences,
        )
        copier.copy(
            "partenaires des programmes",
            ProgrammePartner,
            ["programme", "organisation", "role"],
            self.partners,
        )
        copier.copy("financements", Funding, FUNDING_FIELDS, self.fundings)
        copier.copy("chiffres clés", Figure, FIGURE_FIELDS, self.figures)


def figures(rng, world, pk, start, end) -> list[tuple]:
    """Up to four labelled values of the programme's years, a few of them dated."""
    last = min(world.today.year, (end or world.today).year)
    labels = rng.sample(VOCABULARY["figures"]["labels"], rng.choice([0, 1, 2, 2, 3, 4]))
    rows = []
    for position, (label, unit, lowest, highest) in enumerate(labels, start=1):
        year = rng.randint(start.year, last)
        on_a_day = rng.random() < 0.2
        rows.append(
            (
                pk,
                label,
                rng.randint(lowest, highest),
                rng.choices(APPROXIMATIONS, weights=APPROXIMATION_WEIGHTS)[0],
                unit,
                None if on_a_day else year,
                dt.date(year, 12, 31) if on_a_day else None,
                rng.choice(WORDS["sources"]),
                position,
            )
        )
    return rows


def dates(rng, today) -> tuple[str, dt.date, dt.date | None]:
    """A status and dates that agree: a planned programme starts later, a finished one has
    ended, a running one may have no end yet."""
    start = today + dt.timedelta(days=rng.randint(-5 * 365, 365))
    if start > today:
        return Status.PLANNED, start, start + dt.timedelta(days=rng.choice([365, 730, 1095]))
    roll = rng.random()
    if roll < 0.3 and (today - start).days > 200:
        return (
            Status.FINISHED,
            start,
            start + dt.timedelta(days=rng.randint(180, (today - start).days)),
        )
    status = Status.SUSPENDED if roll > 0.93 else Status.RUNNING
    end = None if rng.random() < 0.4 else today + dt.timedelta(days=rng.randint(30, 900))
    return status, start, end


def fundings(rng, world, pk, lead, start, end) -> list[tuple]:
    """A few yearly fundings over the programme's years (paid, committed or planned), and
    now and then a funding of the lead organisation itself or over a period."""
    last = min((end or world.today).year, world.today.year + 1)
    years = list(range(start.year, last + 1))[-4:]
    rows = []
    for year in sorted(rng.sample(years, rng.randint(1, len(years)))):
        funder = rng.choice(world.funders)
        if year < world.today.year:
            status = FundingStatus.PAID if rng.random() < 0.85 else FundingStatus.COMMITTED
        elif year == world.today.year:
            status = FundingStatus.COMMITTED
        else:
            status = FundingStatus.PLANNED
        period = rng.random() < 0.1
        beneficiary_only = rng.random() < 0.05
        created, changed = world.stamps(rng, days_back=365)
        rows.append(
            (
                funder,
                None if beneficiary_only else pk,
                lead if beneficiary_only else None,
                rng.randint(10, 800) * 500,
                rng.random() < 0.3,
                None if period else year,
                dt.date(year, 1, 1) if period else None,
                dt.date(year + 1, 12, 31) if period else None,
                rng.choices(FUNDING_KINDS, weights=FUNDING_KIND_WEIGHTS)[0],
                status,
                rng.choice(VOCABULARY["funding"]["labels"]),
                rng.choice(WORDS["sources"]),
                created,
                changed,
            )
        )
    return rows
