"""What the generation of every kind of record shares: the seed, the day it is placed
around, the reference lists, and the records already made that later ones point to."""

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.enums import PublicationState
from integration_portal.scale.places import Places
from reference.models import Audience, Theme

PARIS = ZoneInfo("Europe/Paris")
STATES = [PublicationState.PUBLISHED, PublicationState.DRAFT, PublicationState.ARCHIVED]
STATE_WEIGHTS = [85, 10, 5]


@dataclass
class World:
    seed: int
    today: dt.date
    places: Places = field(default_factory=Places)
    themes: dict[str, int] = field(default_factory=dict)  # slug → id
    audiences: list[int] = field(default_factory=list)
    # Organisations: names by id, ids by department code, funders, networks, State bodies.
    organisation_names: dict[int, str] = field(default_factory=dict)
    organisations_by_department: dict[str, list[int]] = field(default_factory=dict)
    funders: list[int] = field(default_factory=list)
    networks: list[int] = field(default_factory=list)
    state_bodies: dict[str, int] = field(default_factory=dict)  # acronym → id
    programmes_by_department: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        self.themes = dict(Theme.objects.order_by("slug").values_list("slug", "id"))
        self.audiences = list(Audience.objects.order_by("slug").values_list("id", flat=True))

    def rng(self, name: str) -> random.Random:
        """An independent stream per kind of record: changing one leaves the others alone."""
        return random.Random(f"{self.seed}:{name}")

    def state(self, rng) -> str:
        return rng.choices(STATES, weights=STATE_WEIGHTS)[0]

    def moment(self, rng, days_back: int, days_ahead: int = 0) -> dt.datetime:
        """A time of day on a day between ``days_back`` days before today and
        ``days_ahead`` after, in Paris."""
        day = self.today + dt.timedelta(days=rng.randint(-days_back, days_ahead))
        return dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randrange(0, 60, 5)), PARIS)

    def stamps(self, rng, days_back: int = 5 * 365) -> tuple[dt.datetime, dt.datetime]:
        """Creation and last change, both in the past."""
        created = self.moment(rng, days_back, -1)
        return created, self.changed(rng, created)

    def changed(self, rng, created: dt.datetime) -> dt.datetime:
        """A last change after ``created`` (a past moment), before today."""
        days = max(0, (self.today - created.date()).days - 1)
        return created + dt.timedelta(days=rng.randint(0, days))

    def theme_ids(self, rng, slugs=(), extra=(0, 1, 1, 2)) -> list[int]:
        """The themes named (a subset) and a few others, without repeats."""
        chosen = set(rng.sample(list(slugs), rng.randint(1, len(slugs))) if slugs else ())
        chosen.update(rng.sample(sorted(self.themes), rng.choice(extra)))
        return sorted(self.themes[slug] for slug in chosen)
