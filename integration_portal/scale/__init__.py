"""National-scale generated data (``manage.py generate_scale_data``): by default 200 000
organisations, 20 000 programmes and 50 000 events over every department, written by COPY
in one transaction into an empty database, the same for a given seed and day.

The words come from ``vocabulary.toml``; ``places`` weights the departments by population;
``organisations``, ``programmes`` and ``events`` build the rows; ``copying`` writes them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pghistory
from django.db import transaction

from events.models import AgendaItem, Event, EventSeries, Resource
from integration_portal.scale.copying import Copier, analyze, lock
from integration_portal.scale.events import Events
from integration_portal.scale.organisations import Organisations
from integration_portal.scale.programmes import Programmes
from integration_portal.scale.world import World
from partners.models import Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme

# The tables whose ids the generator gives: they must be empty.
NUMBERED = [Organisation, Scheme, Programme, EventSeries, Event]
WRITTEN = [
    *NUMBERED,
    Organisation.themes.through,
    Membership,
    Programme.themes.through,
    Programme.audiences.through,
    ProgrammePartner,
    Funding,
    Figure,
    Event.organisers.through,
    Event.programmes.through,
    Event.themes.through,
    AgendaItem,
    Resource,
]


class NotEmpty(Exception):
    pass


@dataclass(frozen=True)
class Sizes:
    organisations: int = 200_000
    programmes: int = 20_000
    events: int = 50_000


def generate(
    sizes: Sizes,
    seed: int,
    today: dt.date,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Fill the empty database; return the number of rows written per table (French
    labels). Raises NotEmpty, writing nothing, if it already holds records."""
    copier = Copier(progress)
    with transaction.atomic(), pghistory.context(command="generate_scale_data"):
        lock(NUMBERED)
        check_empty()
        world = World(seed, today)
        Organisations(world, sizes.organisations).write(copier)
        Programmes(world, sizes.programmes).write(copier)
        Events(world, sizes.events).write(copier)
        analyze(WRITTEN)
    return copier.written


def check_empty() -> None:
    counts = [(model.objects.count(), model._meta) for model in NUMBERED]
    found = ", ".join(
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        for count, meta in counts
        if count
    )
    if found:
        raise NotEmpty(
            f"La base contient déjà des données ({found}) : generate_scale_data ne remplit "
            "qu'une base vide, où seules les migrations ont été appliquées."
        )
