"""A record's history as people read it, and going back to one of its versions.

The history tables are written by database triggers (django-pghistory, ``core.history``):
one row per insert, update and delete of the record and of its parts (inlines, many-to-many
links), each with the context of its transaction: the user and the page, the command or the
import file. Here they become entries: when, who, from where, what (created, changed,
deleted, added, removed) and, field by field, the value before and after.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ENTRIES_SHOWN = 200
TEXT_SHOWN = 300
LABELS = {
    "insert": gettext_lazy("Création"),
    "update": gettext_lazy("Modification"),
    "delete": gettext_lazy("Suppression"),
    "add": gettext_lazy("Ajout"),
    "remove": gettext_lazy("Retrait"),
}
# Not shown as changes, not restored: the workflow's and the database's own.
NOT_RESTORED = {"publication_state", "published_at", "created_at", "updated_at"}
BOOKKEEPING = {"id", "created_at", "updated_at"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: object
    who: str
    where: str
    what: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    event_id: int | None = None  # a version of the record itself, which may be restored


def event_model(model):
    """The history table of a tracked model (None if it has none)."""
    models_ = getattr(model, "pgh_event_models", None) or {}
    return next(iter(models_.values()), None)


def tracked_fields(history_model, tracked):
    names = {f.name for f in tracked._meta.concrete_fields}
    return [
        tracked._meta.get_field(f.name)
        for f in history_model._meta.concrete_fields
        if f.name in names and not f.name.startswith("pgh_") and f.name not in BOOKKEEPING
    ]


class Display:
    """Values as people read them: choices by their label, records by their name, dates in the
    page's language. Related records are read once for all the entries."""

    def __init__(self, text_shown: int | None = TEXT_SHOWN):
        self.wanted: dict = {}
        self.found: dict = {}
        self.text_shown = text_shown  # None: texts whole

    def want(self, model_field, value):
        if value is not None and model_field.is_relation:
            self.wanted.setdefault(model_field.related_model, set()).add(value)

    def load(self):
        for model, pks in self.wanted.items():
            manager = model._base_manager
            self.found[model] = {obj.pk: str(obj) for obj in manager.filter(pk__in=pks)}

    def __call__(self, model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            name = self.found.get(model_field.related_model, {}).get(value)
            return name if name is not None else _("n° %(pk)s (supprimé)") % {"pk": value}
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if isinstance(value, Decimal | float):
            value = int(value) if value == int(value) else value
            return formats.number_format(value, force_grouping=True)
        if isinstance(value, int):  # years, positions, counts: as typed
            return str(value)
        if isinstance(model_field, models.DateTimeField):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        text = str(value)
        return Truncator(text).chars(self.text_shown) if self.text_shown else text


def _who(metadata: dict, users: dict) -> str:
    if "import_file" in metadata:
        person = users.get(metadata.get("user"))
        text = _("import du fichier « %(file)s »") % {"file": metadata["import_file"]}
        return f"{person} ({text})" if person else text
    if metadata.get("user") is not None:
        person = users.get(metadata["user"], _("compte n° %(pk)s") % {"pk": metadata["user"]})
        if metadata.get("proposed_by"):  # a reviewer approving others' changes
            authors = ", ".join(
                str(users.get(pk, _("compte n° %(pk)s") % {"pk": pk}))
                for pk in metadata["proposed_by"]
            )
            return _("%(reviewer)s (relecture des modifications proposées par %(authors)s)") % {
                "reviewer": person,
                "authors": authors,
            }
        return person
    if "command" in metadata:
        return _("commande %(command)s") % {"command": metadata["command"]}
    return _("inconnu (écriture directe en base)")


def _where(metadata: dict) -> str:
    if "url" in metadata:
        return metadata["url"]
    if "command" in metadata:
        return f"manage.py {metadata['command']}"
    return ""


def record_history(record, parts) -> list[Entry]:
    """The entries of ``record``'s history and of its ``parts``, latest first. ``parts`` are
    ``(model, field name, label)``: the models whose ``field`` points to the record (inlines,
    many-to-many links), named ``label``."""
    sources = []
    own = event_model(type(record))
    if own is not None:
        kind = capfirst(type(record)._meta.verbose_name)
        sources.append((own, type(record), "pgh_obj_id", True, kind))
    for model, field_name, label in parts:
        history_model = event_model(model)
        if history_model is not None:
            column = model._meta.get_field(field_name).attname
            sources.append((history_model, model, column, False, capfirst(label)))

    display = Display()
    rows = []
    for history_model, tracked, column, is_own, kind in sources:
        events = list(
            history_model.objects.filter(**{column: record.pk})
            .select_related("pgh_context")
            .order_by("-pgh_id")[:ENTRIES_SHOWN]
        )
        fields = tracked_fields(history_model, tracked)
        for event in events:
            for model_field in fields:
                display.want(model_field, getattr(event, model_field.attname))
        rows.append((kind, tracked, fields, is_own, events))

    users = {}
    user_ids = set()
    for *_kind, events in rows:
        for event in events:
            metadata = (event.pgh_context.metadata or {}) if event.pgh_context_id else {}
            user_ids.add(metadata.get("user"))
            user_ids.update(metadata.get("proposed_by") or [])
    user_ids.discard(None)
    if user_ids:
        users = {
            user.pk: user.get_username()
            for user in get_user_model()._base_manager.filter(pk__in=user_ids)
        }
    display.load()

    entries = []
    for kind, tracked, fields, is_own, events in rows:
        entries.extend(_entries(kind, tracked, fields, is_own, reversed(events), display, users))
    entries.sort(key=lambda entry: (entry.when, entry.event_id or 0), reverse=True)
    return entries[:ENTRIES_SHOWN]


def _entries(kind, tracked, fields, is_own, events, display, users):
    """Entries of one history table, oldest first (each update compared with the version
    before it of the same row)."""
    previous: dict = {}
    for event in events:
        metadata = event.pgh_context.metadata if event.pgh_context_id else {}
        values = {f.name: getattr(event, f.attname) for f in fields}
        before = previous.get(event.pgh_obj_id)
        previous[event.pgh_obj_id] = values
        label = event.pgh_label
        changes = []
        if label == "update":
            for model_field in fields:
                old = before.get(model_field.name) if before is not None else None
                new = values[model_field.name]
                if before is None or old != new:
                    changes.append(
                        Change(
                            capfirst(model_field.verbose_name),
                            display(model_field, old) if before is not None else _("inconnu"),
                            display(model_field, new),
                        )
                    )
        elif label in ("insert", "add"):
            changes = [
                Change(capfirst(f.verbose_name), "—", display(f, values[f.name]))
                for f in fields
                if values[f.name] not in (None, "", False, [])
                and not (is_own and f.name in NOT_RESTORED)
            ]
        subject = kind if is_own else f"{kind} : {_subject(tracked, fields, values, display)}"
        entries_label = LABELS.get(label, label)
        yield Entry(
            when=event.pgh_created_at,
            who=_who(metadata, users),
            where=_where(metadata),
            what=str(entries_label),
            subject=subject,
            changes=changes,
            event_id=event.pgh_id if is_own and label in ("insert", "update") else None,
        )


def _subject(tracked, fields, values, display) -> str:
    """A part's name as of the event (the row may be gone)."""
    try:
        instance = tracked(**{f.attname: values[f.name] for f in fields})
        if tracked._meta.auto_created:  # a many-to-many link: the other end's name
            return " · ".join(display(f, values[f.name]) for f in fields if f.is_relation)
        return str(instance)
    except models.ObjectDoesNotExist:  # a name that needs rows that are gone
        return ", ".join(display(f, values[f.name]) for f in fields[:2])


def restorable_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_RESTORED
    ]


def version_changes(record, event) -> list[tuple]:
    """What going back to ``event`` changes: ``(field, current value, version's value)``."""
    changes = []
    for model_field in restorable_fields(type(record)):
        if not hasattr(event, model_field.attname):
            continue
        current = getattr(record, model_field.attname)
        version = getattr(event, model_field.attname)
        if current != version:
            changes.append((model_field, current, version))
    return changes


def readable_changes(changes) -> list[Change]:
    display = Display()
    for model_field, current, version in changes:
        display.want(model_field, current)
        display.want(model_field, version)
    display.load()
    return [
        Change(
            capfirst(model_field.verbose_name),
            display(model_field, current),
            display(model_field, version),
        )
        for model_field, current, version in changes
    ]


WORD = re.compile(r"\S+|\s+")


def word_diff(before: str, after: str) -> SafeString:
    """``after`` with the words removed from ``before`` in ``<del>`` and those added in
    ``<ins>``: a change in a long text, seen wherever it is."""
    old, new = WORD.findall(before), WORD.findall(after)
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(new[j1:j2])))
        if tag == "equal":
            parts.append(escape("".join(old[i1:i2])))
    return mark_safe("".join(parts))  # every part escaped above
