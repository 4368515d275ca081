"""A record's state as data: read, compared, proposed, applied (``core.models.Revision``).

A *state* is a JSON object of what a version of a record holds:

- ``fields``: its own editable fields (a foreign key by the id it points to), as JSON
  values (dates and times in ISO 8601, decimals as strings);
- ``links``: its many-to-many links (themes, organisers…), sorted lists of ids;
- ``parts``: its parts (``Model.revision_parts``: a programme's partners, funding and figures,
  an event's agenda…), by their accessor: ``{"<id>": {field: value}}`` for the parts that
  exist, ``{"+1": {…}}`` for those a proposal adds.

A state may hold only some of these (an import proposes fields only): what it does not hold
is not changed. A proposal is kept with the live state it was made against (``base``); what
it changes is ``changes(base, proposed)``, which ``rebase`` applies to today's live state (a
reviewer's own change made meanwhile to another field is kept) and ``write`` to the database.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField
from django.utils.translation import gettext_lazy as _

from core.enums import RevisionState
from core.scoping import PUBLIC_STATES

# The workflow's and the database's own fields: never proposed, never written by a revision.
NOT_PROPOSED = {"publication_state", "published_at", "created_at", "updated_at"}
NEW = "+"  # the key of a part a proposal adds starts with it


@dataclass(frozen=True)
class Part:
    key: str  # the accessor on the record, the inline's prefix
    model: type
    fk: object  # the part's foreign key to the record
    fields: tuple


@dataclass(frozen=True)
class Shape:
    """What a state of ``model`` holds."""

    model: type
    fields: tuple
    links: tuple
    parts: tuple

    @classmethod
    def of(cls, model) -> "Shape":
        return _SHAPES.setdefault(model, cls._build(model))

    @classmethod
    def _build(cls, model) -> "Shape":
        links = tuple(
            field
            for field in model._meta.many_to_many
            if isinstance(field, ManyToManyField)
            and field.editable
            and field.remote_field.through._meta.auto_created
        )
        parts = []
        for key in getattr(model, "revision_parts", ()):
            relation = model._meta.get_field(key)
            fk = relation.field
            parts.append(
                Part(key, relation.related_model, fk, _editable(relation.related_model, fk))
            )
        return cls(model, _editable(model), links, tuple(parts))

    def part(self, key) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)

    def field(self, name):
        return self.model._meta.get_field(name)


_SHAPES: dict = {}


def _editable(model, exclude=None) -> tuple:
    return tuple(
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in NOT_PROPOSED
        and field is not exclude
    )


def to_json(field, value):
    """``field``'s ``value`` as JSON, one writing per value: decimals to the field's places,
    times with their offset, instants in UTC (a form's 09:00+02:00 and the database's
    07:00+00:00 are one value)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(Decimal(1).scaleb(-places)) if places is not None else value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def row(fields, obj) -> dict:
    """The JSON values of ``fields`` on ``obj``."""
    return {field.name: to_json(field, field.value_from_object(obj)) for field in fields}


def set_row(fields, obj, values: dict) -> None:
    """Give ``obj`` the JSON ``values`` of those of ``fields`` they hold, in memory."""
    for field in fields:
        if field.name in values:
            setattr(obj, field.attname, field.to_python(values[field.name]))


def live_state(shape: Shape, record) -> dict:
    """The state of ``record`` as stored."""
    return {
        "fields": row(shape.fields, record),
        "links": {
            field.name: sorted(getattr(record, field.name).values_list("pk", flat=True))
            for field in shape.links
        },
        "parts": {
            part.key: {
                str(child.pk): row(part.fields, child)
                for child in getattr(record, part.key).order_by("pk")
            }
            for part in shape.parts
        },
    }


def proposed_state(shape: Shape, form, formsets, previous: dict) -> dict:
    """The state an admin form and its inline formsets (validated, not saved) propose; what
    they do not show is taken from ``previous``."""
    state = {
        "fields": {**previous.get("fields", {}), **row(shape.fields, form.instance)},
        "links": dict(previous.get("links", {})),
        "parts": dict(previous.get("parts", {})),
    }
    for field in shape.links:
        if field.name in form.cleaned_data:
            state["links"][field.name] = sorted(obj.pk for obj in form.cleaned_data[field.name])
    for formset in formsets:
        part = shape.part(formset.prefix)
        if part is not None:
            state["parts"][part.key] = _proposed_rows(part, formset)
    return state


def _proposed_rows(part: Part, formset) -> dict:
    rows, added = {}, 0
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    for index, form in enumerate(formset.forms):
        if id(form) in deleted:
            continue
        if index < formset.initial_form_count():
            rows[str(form.instance.pk)] = row(part.fields, form.instance)
        elif form.has_changed() or form.initial:
            added += 1
            rows[f"{NEW}{added}"] = row(part.fields, form.instance)
    return rows


def changes(base: dict, proposed: dict) -> dict:
    """What ``proposed`` changes from ``base``, in a state's terms: changed fields, links
    added and removed, parts added, removed and changed (their changed fields)."""
    result = {"fields": {}, "links": {}, "parts": {}}
    base_fields = base.get("fields", {})
    for name, value in proposed.get("fields", {}).items():
        if name in base_fields and base_fields[name] != value:
            result["fields"][name] = (base_fields[name], value)
    for name, ids in proposed.get("links", {}).items():
        before = set(base.get("links", {}).get(name, []))
        added, removed = sorted(set(ids) - before), sorted(before - set(ids))
        if added or removed:
            result["links"][name] = {"added": added, "removed": removed}
    for key, rows in proposed.get("parts", {}).items():
        before = base.get("parts", {}).get(key, {})
        part = {
            "added": [values for pk, values in rows.items() if pk.startswith(NEW)],
            "removed": sorted(pk for pk in before if pk not in rows),
            "changed": {},
        }
        for pk, values in rows.items():
            if pk in before:
                diff = {
                    n: (before[pk].get(n), v) for n, v in values.items() if before[pk].get(n) != v
                }
                if diff:
                    part["changed"][pk] = diff
        if part["added"] or part["removed"] or part["changed"]:
            result["parts"][key] = part
    return result


def amend_fields(revision, base: dict, proposed: dict) -> list[str]:
    """Amend ``revision`` with fields ``proposed`` against the live values ``base``: its other
    fields, links and parts are kept. Return the names this changes (none: nothing to do)."""
    current = revision.proposed.get("fields", {})
    changed = [name for name, value in proposed.items() if current.get(name, base[name]) != value]
    if changed:
        revision.proposed = {**revision.proposed, "fields": {**current, **proposed}}
        revision.base = {
            **revision.base,
            "fields": {**base, **revision.base.get("fields", {})},
        }
        revision.version += 1
        revision.state = RevisionState.PENDING
    return changed


def is_empty(diff: dict) -> bool:
    return not (diff["fields"] or diff["links"] or diff["parts"])


def rebase(live: dict, diff: dict) -> dict:
    """``live`` with the changes ``diff`` applied: a proposal on today's version. Changes to
    parts that no longer exist are dropped."""
    state = {
        "fields": {**live["fields"], **{n: new for n, (_old, new) in diff["fields"].items()}},
        "links": dict(live["links"]),
        "parts": {key: dict(rows) for key, rows in live["parts"].items()},
    }
    for name, link in diff["links"].items():
        ids = (set(state["links"].get(name, [])) | set(link["added"])) - set(link["removed"])
        state["links"][name] = sorted(ids)
    for key, part in diff["parts"].items():
        rows = state["parts"].setdefault(key, {})
        for pk in part["removed"]:
            rows.pop(pk, None)
        for pk, fields in part["changed"].items():
            if pk in rows:
                rows[pk] = {**rows[pk], **{n: new for n, (_old, new) in fields.items()}}
        for index, values in enumerate(part["added"], start=1):
            rows[f"{NEW}{index}"] = values
    return state


def changed_names(diff: dict, shape: Shape) -> list[str]:
    """The names of what ``diff`` changes, as people read them (« titre », « thèmes »…)."""
    names = [str(shape.field(name).verbose_name) for name in diff["fields"]]
    names += [str(shape.field(name).verbose_name) for name in diff["links"]]
    names += [str(shape.part(key).model._meta.verbose_name_plural) for key in diff["parts"]]
    return names


def validate(shape: Shape, record, diff: dict) -> None:
    """Raise ValidationError if ``record`` with ``diff`` applied would not be valid (a value
    taken meanwhile by another record, a part's rule)."""
    for name, (_old, new) in diff["fields"].items():
        set_row([shape.field(name)], record, {name: new})
    record.full_clean(exclude=[f.name for f in record._meta.fields if f.name in NOT_PROPOSED])
    for name, link in diff["links"].items():  # a linked record deleted since
        related = shape.field(name).related_model._base_manager
        if related.filter(pk__in=link["added"]).count() != len(set(link["added"])):
            raise ValidationError(
                {name: _("une des fiches à relier a été supprimée depuis la proposition.")}
            )


def write(shape: Shape, record, diff: dict) -> None:
    """Apply ``diff`` to ``record`` in the database (within the caller's transaction): its
    fields in one save, links added and removed, parts deleted, changed and created."""
    if diff["fields"]:
        for name, (_old, new) in diff["fields"].items():
            set_row([shape.field(name)], record, {name: new})
        record.save()
    for name, link in diff["links"].items():
        manager = getattr(record, name)
        if link["removed"]:
            manager.remove(*link["removed"])
        if link["added"]:
            manager.add(*link["added"])
    for key, change in diff["parts"].items():
        part = shape.part(key)
        children = getattr(record, key)
        if change["removed"]:
            for child in children.filter(pk__in=[int(pk) for pk in change["removed"]]):
                child.delete()
        for pk, fields in change["changed"].items():
            child = children.filter(pk=int(pk)).first()
            if child is None:
                continue
            set_row(part.fields, child, {n: new for n, (_old, new) in fields.items()})
            child.full_clean(exclude=[part.fk.name])
            child.save()
        for values in change["added"]:
            child = part.model(**{part.fk.name: record})
            set_row(part.fields, child, values)
            child.full_clean(exclude=[part.fk.name])
            child.save()


def is_live(record) -> bool:
    """Published or archived: seen by the public, so changed only through review."""
    return record.publication_state in PUBLIC_STATES


def may_publish(user, model) -> bool:
    """Whether ``user`` publishes ``model``'s records (``publish_<model>``: reviewers and
    administrators), and so changes them directly once live."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def proposes(user, record) -> bool:
    """Whether ``user``'s changes to ``record`` wait for review: it is live and they may not
    publish it."""
    return (
        getattr(record, "pk", None) is not None
        and hasattr(record, "publication_state")
        and is_live(record)
        and not may_publish(user, type(record))
    )


def proposed_formset(formset_class, rows: dict):
    """An inline formset class showing a proposal's ``rows`` of its part: the parts that exist,
    with their proposed values (those the proposal removes left out), then those it adds, as
    forms that count even when left unchanged."""
    added = [values for key, values in rows.items() if key.startswith(NEW)]
    relations = [f.name for f in formset_class.form._meta.model._meta.fields if f.is_relation]
    # The records the proposed parts point to are choices, whoever amends the proposal.
    held = {name: [v[name] for v in rows.values() if v.get(name)] for name in relations}

    class ProposedFormSet(formset_class):
        extra = formset_class.extra + len(added)
        form = type(formset_class.form.__name__, (formset_class.form,), {"held_ids": held})

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initial", [_initial(self.form, values) for values in added])
            super().__init__(*args, **kwargs)

        def get_queryset(self):
            if not hasattr(self, "_proposed"):
                fields = Shape.of(self.instance._meta.model).part(self.prefix).fields
                shown = []
                for child in super().get_queryset():
                    values = rows.get(str(child.pk))
                    if values is not None:
                        set_row(fields, child, values)
                        shown.append(child)
                self._proposed = shown
            return self._proposed

        def get_form_kwargs(self, index):
            kwargs = super().get_form_kwargs(index)
            if index is not None and 0 <= index - self.initial_form_count() < len(added):
                kwargs["empty_permitted"] = False  # a proposed part, kept as proposed
            return kwargs

    ProposedFormSet.__name__ = formset_class.__name__
    return ProposedFormSet


def _initial(form_class, values: dict) -> dict:
    """A form's initial data from a part's JSON values (ids for records)."""
    fields = form_class._meta.model._meta
    initial = {}
    for name, value in values.items():
        if name in form_class.base_fields:
            initial[name] = fields.get_field(name).to_python(value)
    return initial
