"""Generated events: series with numbered editions and one-off meetings, in person (venue,
address, commune) or online (a link, no venue), from five years ago to two years ahead, at
given hours, over whole days or in a month only, a few cancelled or postponed; with
organisers, related programmes, themes, agenda items and resources."""

import calendar
import datetime as dt
from dataclasses import dataclass

from events.enums import DatePrecision, EventKind, EventStatus
from events.models import AgendaItem, Event, EventSeries, Resource
from integration_portal.scale.places import Commune, Department
from integration_portal.scale.words import VOCABULARY, WORDS, lower_first, ordinal
from integration_portal.scale.world import PARIS, World
from reference.enums import TerritoryLevel as Level

FIELDS = ["id", "title", "series", "edition", "kind", "status", "start", "end"]
FIELDS += ["date_precision", "summary", "description", "venue", "address", "commune"]
FIELDS += ["territory", "online_url", "participant_count", "participant_count_is_approximate"]
FIELDS += ["source", "publication_state", "created_at", "updated_at"]
AGENDA_FIELDS = ["event", "kind", "title", "description", "date", "start_time", "end_time"]
AGENDA_FIELDS += ["location", "position"]
RESOURCE_FIELDS = ["event", "kind", "title", "url", "position"]
SERIES_FIELDS = ["id", "name", "description"]
EVENTS_PER_SERIES = 40  # one series for so many events
IN_SERIES = 0.35  # share of the events that are editions of a series
ONLINE = 0.2
IN_PERSON_KINDS = [kind for kind in EventKind if kind != EventKind.WEBINAR]
STATUSES = list(EventStatus)
STATUS_WEIGHTS = [92, 5, 3]
EVENTS = VOCABULARY["events"]


@dataclass
class Plan:
    """What an event's title depends on, drawn before the titles: place, series, dates."""

    department: Department
    commune: Commune
    series: int | None
    start: dt.datetime
    end: dt.datetime
    precision: str
    edition: int | None = None


class Events:
    def __init__(self, world: World, count: int):
        self.world, self.count = world, count
        self.rng = world.rng("events")
        self.series = series(self.rng, world, max(1, count // EVENTS_PER_SERIES))
        self.organisers: list[tuple[int, int]] = []
        self.programmes: list[tuple[int, int]] = []
        self.themes: list[tuple[int, int]] = []
        self.agenda: list[tuple] = []
        self.resources: list[tuple] = []

    def plans(self) -> list[Plan]:
        """Every event's place and dates; the editions of a series numbered by date."""
        rng, places = self.rng, self.world.places
        by_department = {}
        for index, (_, _, department) in enumerate(self.series):
            by_department.setdefault(department.code, []).append(index)
        plans = []
        for index in range(self.count):
            department = places.department(rng, index)
            series_index = None
            if rng.random() < IN_SERIES:
                # A series of the department, or (not for the first event of each
                # department) one elsewhere, where the event then takes place.
                local = by_department.get(department.code)
                if local or index >= len(places.departments):
                    series_index = rng.choice(local or range(len(self.series)))
                    department = self.series[series_index][2]
            plans.append(
                Plan(
                    department,
                    places.commune(rng, department),
                    series_index,
                    *when(rng, self.world.today),
                )
            )
        editions = sorted(
            (plan for plan in plans if plan.series is not None),
            key=lambda plan: (plan.series, plan.start),
        )
        for previous, plan in zip([None, *editions], editions, strict=False):
            same = previous is not None and previous.series == plan.series
            plan.edition = previous.edition + 1 if same else 1
        return plans

    def series_rows(self):
        for index, (name, description, _) in enumerate(self.series, start=1):
            yield index, name, description

    def rows(self):
        for pk, plan in enumerate(self.plans(), start=1):
            yield self.row(pk, plan)

    def row(self, pk, plan: Plan):
        world, rng = self.world, self.rng
        online = rng.random() < ONLINE
        level = rng.choices(
            [Level.COMMUNE, Level.DEPARTMENT, Level.REGION, Level.COUNTRY],
            weights=[0, 40, 40, 20] if online else [50, 35, 15, 0],
        )[0]
        where = world.places.phrase(level, plan.department, plan.commune)
        public = rng.choice(WORDS["audiences"])
        past = plan.end.date() < world.today
        self.relations(pk, plan, public, past)
        created = plan.start - dt.timedelta(days=rng.randint(15, 180))
        if created.date() >= world.today:
            created = world.moment(rng, 60, -1)
        count = rng.randint(10, 400) if past and rng.random() < 0.6 else None
        return (
            pk,
            self.title(plan, online, public, where),
            None if plan.series is None else plan.series + 1,
            plan.edition,
            EventKind.WEBINAR if online and rng.random() < 0.6 else rng.choice(IN_PERSON_KINDS),
            rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0],
            plan.start,
            plan.end,
            plan.precision,
            f"Rendez-vous {'en ligne' if online else where} autour de "
            f"{rng.choice(WORDS['activities'])}, ouvert aux acteurs de l'intégration et aux "
            f"{public}.",
            " ".join(rng.sample(WORDS["event_sentences"], rng.randint(2, 3))),
            "" if online else f"{rng.choice(EVENTS['venues'])}",
            "" if online else f"{rng.randint(1, 120)} {rng.choice(WORDS['streets'])}",
            None if online else plan.commune.id,
            world.places.territory(level, plan.department, plan.commune),
            f"https://visio.example.org/rencontre-{pk}" if online else "",
            count,
            count is not None and rng.random() < 0.4,
            rng.choice(WORDS["sources"]),
            world.state(rng),
            created,
            world.changed(rng, created),
        )

    def title(self, plan, online, public, where) -> str:
        rng = self.rng
        if plan.series is not None:
            return f"{self.series[plan.series][0]} : {ordinal(plan.edition)} édition"
        topic = lower_first(rng.choice(WORDS["programme_titles"]).format(public=public))
        template = rng.choice(EVENTS["online_titles" if online else "titles"])
        return template.format(topic=topic, place=where, de_region=plan.department.region.of)

    def relations(self, pk, plan, public, past):
        world, rng = self.world, self.rng
        local = world.organisations_by_department.get(plan.department.code)
        organisers = {
            rng.choice(local if local and rng.random() < 0.8 else national_pool(rng, world))
            for _ in range(rng.randint(1, 3))
        }
        self.organisers += [(pk, organisation) for organisation in sorted(organisers)]
        nearby = world.programmes_by_department.get(plan.department.code, [])
        linked = {rng.choice(nearby) for _ in range(rng.choice([0, 0, 1, 1, 2]))} if nearby else ()
        self.programmes += [(pk, programme) for programme in sorted(linked)]
        self.themes += [(pk, theme) for theme in world.theme_ids(rng, extra=(1, 1, 2, 3))]
        self.agenda += agenda(rng, pk, plan, public)
        for position in range(1, rng.choice([0, 0, 1, 2, 3] if past else [0, 0, 0, 1]) + 1):
            kind, title = rng.choice(EVENTS["resources"])
            url = f"https://ressources.example.org/evenements/{pk}/{position}.pdf"
            self.resources.append((pk, kind, title, url if rng.random() < 0.7 else "", position))

    def write(self, copier):
        copier.copy("séries d'événements", EventSeries, SERIES_FIELDS, self.series_rows())
        copier.copy("événements", Event, FIELDS, self.rows())
        copier.copy(
            "organisateurs", Event.organisers.through, ["event", "organisation"], self.organisers
        )
        copier.copy(
            "programmes liés", Event.programmes.through, ["event", "programme"], self.programmes
        )
        copier.copy("thèmes des événements", Event.themes.through, ["event", "theme"], self.themes)
        copier.copy("séquences", AgendaItem, AGENDA_FIELDS, self.agenda)
        copier.copy("ressources", Resource, RESOURCE_FIELDS, self.resources)


def national_pool(rng, world) -> list[int]:
    """Organisers from elsewhere: a network, or a funder (State, local authority…)."""
    return world.networks if rng.random() < 0.3 else world.funders


def series(rng, world, count) -> list[tuple[str, str, Department]]:
    """(name, description, department) of ``count`` series with distinct names."""
    result, seen = [], set()
    for index in range(count):
        department = world.places.department(rng, index)
        commune = world.places.commune(rng, department)
        name = rng.choice(EVENTS["series"]).format(**department.words(commune))
        while name in seen:
            name = f"{name} ({department.code})" if department.code not in name else name + " bis"
        seen.add(name)
        description = f"Rencontres régulières des acteurs de l'intégration {department.in_}."
        result.append((name, description, department))
    return result


def when(rng, today) -> tuple[dt.datetime, dt.datetime, str]:
    """Start, end and precision: at hours (sometimes over two days), whole days, or a month."""
    day = today + dt.timedelta(days=rng.randint(-5 * 365, 2 * 365))
    roll = rng.random()
    if roll < 0.75:
        start = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.choice([0, 30])), PARIS)
        if rng.random() < 0.15:
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(17), PARIS)
        else:
            end = start + dt.timedelta(hours=rng.randint(1, 4))
        return start, end, DatePrecision.TIME
    if roll < 0.95:
        last = day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
        return (*_whole_days(day, last), DatePrecision.DAY)
    first = day.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return (*_whole_days(first, last), DatePrecision.MONTH)


def _whole_days(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Whole days run from midnight to 23:59, in Paris (as the demo data does)."""
    return (
        dt.datetime.combine(first, dt.time(0, 0), PARIS),
        dt.datetime.combine(last, dt.time(23, 59), PARIS),
    )


def agenda(rng, pk, plan: Plan, public) -> list[tuple]:
    """Up to six items, an hour apart from the start when hours are known, spread over the
    event's days; none dated when only the month is known."""
    rows = []
    days = (plan.end.date() - plan.start.date()).days
    for position in range(1, rng.randint(0, 6) + 1):
        kind, title = rng.choice(EVENTS["agenda"])
        date = start_time = end_time = None
        if plan.precision != DatePrecision.MONTH:
            date = plan.start.date() + dt.timedelta(days=min(days, (position - 1) // 3))
        minutes = plan.start.hour * 60 + plan.start.minute + (position - 1) * 60
        if plan.precision == DatePrecision.TIME and minutes + 45 < 24 * 60:
            start_time = dt.time(minutes // 60, minutes % 60)
            end_time = dt.time((minutes + 45) // 60, (minutes + 45) % 60)
        location = f"Salle {rng.randint(1, 6)}" if rng.random() < 0.3 else ""
        rows.append(
            (
                pk,
                kind,
                title.format(public=public),
                "",
                date,
                start_time,
                end_time,
                location,
                position,
            )
        )
    return rows
