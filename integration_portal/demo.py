"""Loading the demo data (``demo.toml``): the records of the five source documents.

Every record is looked up by its natural key (name, title, position) and written only when a
value differs: a second load writes nothing, so it leaves no history event and no new
timestamp behind.
"""

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import models, transaction

from core.enums import PublicationState
from events.enums import DatePrecision
from events.models import AgendaItem, Event, EventSeries, Resource
from partners.models import ContactPerson, Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.models import Audience, Territory, Theme

DATA = Path(__file__).with_name("demo.toml")
PARIS = ZoneInfo("Europe/Paris")
PUBLISHED = PublicationState.PUBLISHED


class Loader:
    """Writes the demo records, counting those it creates or changes."""

    def __init__(self, data):
        self.data = data
        self.written = 0
        self.themes = dict(Theme.objects.values_list("slug", "id"))
        self.audiences = dict(Audience.objects.values_list("slug", "id"))
        self.organisations: dict[str, Organisation] = {}
        self.programmes: dict[str, Programme] = {}

    def sync(self, model, lookup: dict, values: dict | None = None):
        """The record matching ``lookup``, created or brought to ``values``; saved only if a
        value differs (foreign keys are given by id, as ``territory_id``)."""
        values = values or {}
        record = model.objects.filter(**lookup).first()
        if record is None:
            self.written += 1
            return model.objects.create(**lookup, **values)
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        if changed:
            for name in changed:
                setattr(record, name, values[name])
            stamps = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", 0)]
            record.save(update_fields=changed + stamps)
            self.written += 1
        return record

    def sync_many(self, record, name: str, ids):
        """Set a many-to-many relation, writing only the links that differ."""
        relation = getattr(record, name)
        wanted = set(ids)
        current = set(relation.values_list("id", flat=True))
        if wanted != current:
            relation.remove(*(current - wanted))
            relation.add(*(wanted - current))
            self.written += 1

    def sync_children(self, model, parent: dict, rows: list[tuple[dict, dict]]):
        """Children of a record (agenda items, figures…): each found by its key, the others
        removed."""
        kept = {self.sync(model, parent | key, values).pk for key, values in rows}
        stale = model.objects.filter(**parent).exclude(pk__in=kept)
        if stale.exists():
            self.written += 1
            stale.delete()

    def load(self):
        self.load_organisations()
        schemes = {data["name"]: self.load_scheme(data) for data in self.data["schemes"]}
        for data in self.data["programmes"]:
            self.load_programme(data, schemes)
        series = {
            key: self.sync(EventSeries, {"name": name}).pk
            for key, name in self.data["series"].items()
        }
        for data in self.data["events"]:
            self.load_event(data, series)

    def load_organisations(self):
        entries = self.data["organisations"]
        for data in entries:
            self.organisations[data["name"]] = self.sync(
                Organisation,
                {"name": data["name"]},
                {
                    "acronym": data.get("acronym", ""),
                    "kind": data["kind"],
                    "territory_id": territory(data.get("territory")),
                    "commune_id": territory("commune:" + data["commune"])
                    if "commune" in data
                    else None,
                    "description": data.get("description", ""),
                    "publication_state": PUBLISHED,
                },
            )
        for data in entries:
            organisation = self.organisations[data["name"]]
            self.sync_many(organisation, "themes", self.ids(self.themes, data, "themes"))
            for membership in data.get("networks", []):
                self.sync(
                    Membership,
                    {
                        "member": organisation,
                        "network": self.organisations[membership["network"]],
                    },
                    {"since": membership.get("since")},
                )
            for contact in data.get("contacts", []):
                self.sync(
                    ContactPerson,
                    {"organisation": organisation, "full_name": contact["full_name"]},
                    {"role": contact.get("role", ""), "email": contact.get("email", "")},
                )

    def load_scheme(self, data):
        return self.sync(
            Scheme,
            {"name": data["name"]},
            {
                "acronym": data.get("acronym", ""),
                "pilot_id": self.organisation_id(data.get("pilot")),
                "summary": data.get("summary", ""),
                "publication_state": PUBLISHED,
            },
        )

    def load_programme(self, data, schemes):
        programme = self.sync(
            Programme,
            {"title": data["title"]},
            {
                "scheme_id": schemes[data["scheme"]].pk,
                "territory_id": territory(data["territory"]),
                "lead_organisation_id": self.organisation_id(data["lead"]),
                "status": data["status"],
                "start_date": data.get("start_date"),
                "summary": data.get("summary", ""),
                "description": data.get("description", ""),
                "source": self.source(data),
                "publication_state": PUBLISHED,
            },
        )
        self.programmes[programme.title] = programme
        self.sync_many(programme, "themes", self.ids(self.themes, data, "themes"))
        self.sync_many(programme, "audiences", self.ids(self.audiences, data, "audiences"))
        self.sync_children(ProgrammePartner, {"programme": programme}, self.partners(data))
        self.sync_children(Figure, {"programme": programme}, self.figures(data))
        self.sync_children(Funding, {"programme": programme}, self.fundings(data))

    def partners(self, data) -> list[tuple[dict, dict]]:
        """A programme's partners: ``(identifying fields, other fields)`` of each."""
        return [
            (
                {
                    "organisation_id": self.organisation_id(partner["organisation"]),
                    "role": partner["role"],
                },
                {},
            )
            for partner in data.get("partners", [])
        ]

    def figures(self, data) -> list[tuple[dict, dict]]:
        return [
            (
                {"label": figure["label"]},
                {
                    "value": Decimal(str(figure["value"])),
                    "approximation": figure.get("approximation", ""),
                    "year": figure.get("year"),
                    "date": figure.get("date"),
                    "source": self.source(figure),
                    "position": position,
                },
            )
            for position, figure in enumerate(data.get("figures", []), start=1)
        ]

    def fundings(self, data) -> list[tuple[dict, dict]]:
        return [
            (
                {"funder_id": self.organisation_id(funding["funder"]), "year": funding["year"]},
                {
                    "amount": Decimal(str(funding["amount"])),
                    "is_yearly": funding.get("yearly", False),
                    "kind": funding["kind"],
                    "status": funding["status"],
                    "label": funding.get("label", ""),
                },
            )
            for funding in data.get("fundings", [])
        ]

    def load_event(self, data, series):
        start, end = event_bounds(data)
        event = self.sync(
            Event,
            {"title": data["title"]},
            {
                "series_id": series[data["series"]] if "series" in data else None,
                "edition": data.get("edition"),
                "kind": data["kind"],
                "start": start,
                "end": end,
                "date_precision": data["precision"],
                "venue": data.get("venue", ""),
                "address": data.get("address", ""),
                "commune_id": territory("commune:" + data["commune"])
                if "commune" in data
                else None,
                "territory_id": territory(data.get("territory")),
                "summary": data.get("summary", ""),
                "description": data.get("description", ""),
                "participant_count": data.get("participants"),
                "participant_count_is_approximate": data.get("participants_approximate", False),
                "source": self.source(data),
                "publication_state": PUBLISHED,
            },
        )
        self.sync_many(
            event, "organisers", [self.organisation_id(name) for name in data.get("organisers", [])]
        )
        self.sync_many(
            event, "programmes", [self.programmes[title].pk for title in data.get("programmes", [])]
        )
        self.sync_many(event, "themes", self.ids(self.themes, data, "themes"))
        self.sync_children(
            AgendaItem,
            {"event": event},
            [
                (
                    {"position": position},
                    {
                        "kind": item["kind"],
                        "title": item["title"],
                        "date": item.get("date"),
                        "location": item.get("location", ""),
                        "description": item.get("description", ""),
                    },
                )
                for position, item in enumerate(data.get("agenda", []), start=1)
            ],
        )
        self.sync_children(
            Resource,
            {"event": event},
            [
                ({"position": position}, {"kind": resource["kind"], "title": resource["title"]})
                for position, resource in enumerate(data.get("resources", []), start=1)
            ],
        )

    def organisation_id(self, name):
        return self.organisations[name].pk if name else None

    def source(self, data) -> str:
        return self.data["sources"][data["source"]]

    @staticmethod
    def ids(table, data, key):
        return [table[slug] for slug in data.get(key, [])]


def territory(key: str | None):
    """The id of the territory named "level:INSEE code", or None."""
    if key is None:
        return None
    level, code = key.split(":")
    return Territory.objects.values_list("id", flat=True).get(level=level, code=code)


def event_bounds(data) -> tuple[dt.datetime, dt.datetime]:
    """Paris times; whole days (or a month) run from midnight to 23:59."""
    start, end = data["start"], data["end"]
    if data["precision"] == DatePrecision.TIME:
        return start.replace(tzinfo=PARIS), end.replace(tzinfo=PARIS)
    return (
        dt.datetime.combine(start, dt.time(0, 0), PARIS),
        dt.datetime.combine(end, dt.time(23, 59), PARIS),
    )


COUNTED: list[tuple[str, type[models.Model]]] = [
    ("organisations", Organisation),
    ("dispositifs", Scheme),
    ("programmes", Programme),
    ("financements", Funding),
    ("chiffres clés", Figure),
    ("événements", Event),
]


@transaction.atomic
def load() -> tuple[dict[str, int], int]:
    """Create or update every demo record; return the number of records of each kind and the
    number of records created or changed."""
    with DATA.open("rb") as handle:
        loader = Loader(tomllib.load(handle))
    loader.load()
    return {label: model.objects.count() for label, model in COUNTED}, loader.written
