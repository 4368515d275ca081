"""The admin within the user's scope (``core.scoping``), enforced on the server.

- Lists, counts, searches and autocompletes read ``Model.objects.for_user(user)``: published
  and archived records, and everything within the user's scope. Another territory's draft is
  a 404, as is any record one may not see.
- Changing, deleting and the actions need the record within the user's scope
  (``within_scope``) and the role's permission: otherwise 403, never a silent success.
- A record saved by a non-administrator must land within their scope: the territory field
  (or the record it belongs to) says so on the field concerned. Every field choosing records
  offers and accepts only what the user may see (``core.visibility``).
- A part of a live record (a published programme's figure) is changed on that record's page,
  where an editor's changes are proposed for review (``core.admin.revisions``).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import revisions
from core.scoping import ReferenceQuerySet, narrow_autocomplete, scope_of
from core.visibility import narrow_choices

# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def _cached(request, key, compute):
    cache = request.__dict__.setdefault("_scope_checks", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def visible(request, obj) -> bool:
    """Whether ``obj`` is among what the user may see."""
    manager = type(obj)._default_manager
    if not hasattr(manager, "for_user"):
        return True
    return _cached(
        request,
        ("visible", obj._meta.label, obj.pk),
        lambda: manager.for_user(request.user).filter(pk=obj.pk).exists(),
    )


def within_scope(request, obj) -> bool:
    """Whether ``obj`` is within the user's scope (what they may change, role permitting)."""
    manager = type(obj)._default_manager
    if not hasattr(manager, "within_scope"):
        return scope_of(request.user).everything
    return _cached(
        request,
        ("scope", obj._meta.label, obj.pk),
        lambda: manager.within_scope(request.user).filter(pk=obj.pk).exists(),
    )


def describe_scope(user) -> str:
    """« Grand Est, Bas-Rhin (67) »: the user's territories, for messages."""
    territories = getattr(user, "territories", None)
    if territories is None:
        return gettext("aucun territoire")
    names = [str(territory) for territory in territories.order_by("level", "name")]
    return ", ".join(names) or gettext("aucun territoire")


class ScopeFilter(admin.SimpleListFilter):
    """« Mon périmètre »: only the records the user answers for."""

    title = _("périmètre")
    parameter_name = "perimetre"

    def lookups(self, request, model_admin):
        if scope_of(request.user).everything:
            return []
        return [("mien", _("Mon périmètre"))]

    def queryset(self, request, queryset):
        if self.value() == "mien":
            return queryset.within_scope(request.user)
        return queryset


class NarrowedAutocompleteMixin:
    """Autocomplete results narrowed by the admin of the field that asks
    (``core.scoping.narrow_autocomplete``): a territory within the user's scope…"""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return narrow_autocomplete(self, request, queryset), may_have_duplicates


def _sighted_path(model, path: str, user):
    """A condition that the records a search path (``lead_organisation__name``) goes through
    are records ``user`` may see, or None when it goes through none with a scope."""
    condition, prefix = Q(), ""
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        if not field.is_relation:
            break
        model, prefix = field.related_model, f"{prefix}{name}"
        records = model._default_manager
        if hasattr(records, "for_user") and not isinstance(records.all(), ReferenceQuerySet):
            condition &= Q(**{f"{prefix}__in": records.for_user(user).values("pk")})
        prefix += "__"
    return condition if condition else None


class ScopeMixin(NarrowedAutocompleteMixin):
    """A model admin within the user's scope (see the module's docstring)."""

    """A model admin within the user's scope (see the module's docstring)."""

    # Fields placing the record on a territory, in the order the database reads them (the
    # first one set wins, ``copy_territory_codes``).
    territory_fields: tuple[str, ...] = ()
    # Fields naming the record this one belongs to (a figure's programme), the first one set
    # winning: the user must be allowed to change that record.
    owner_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    # Permissions: the role's (Django's permissions), within the scope.
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or visible(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or (within_scope(request, obj) and not self.live_owner(request, obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or (within_scope(request, obj) and not self.live_owner(request, obj))
        )

    def live_owner(self, request, obj):
        """The published or archived record ``obj`` belongs to (``owner_fields``), when the
        user's changes to it go through review: the part is then changed on that record's
        page, where they are proposed (core.admin.revisions). None otherwise."""
        for name in self.owner_fields:
            owner = getattr(obj, name, None)
            if owner is not None:
                return owner if revisions.proposes(request.user, owner) else None
        return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if self.owner_fields else None
        owner = self.live_owner(request, obj) if obj is not None else None
        if owner is not None and request.method == "GET":
            messages.info(
                request,
                gettext(
                    "« %(record)s » est en ligne : modifiez ceci depuis sa page, où vos "
                    "modifications seront relues avant d'être publiées."
                )
                % {"record": owner},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """The record, if the user may see it; a 404 otherwise (Django would send a missing
        record back to the admin's home with a message: out of sight is not found here)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(
                gettext(
                    "Aucune fiche « %(kind)s » n'a le numéro %(id)s parmi celles que vous voyez."
                )
                % {"kind": self.opts.verbose_name, "id": object_id}
            )
        return obj

    # Forms: what is saved lands within the scope.
    def get_search_results(self, request, queryset, search_term):
        """A search matches a related record's name only if the user may see that record:
        another territory's draft is not found by its name, even through a record one sees."""
        fields = self.get_search_fields(request)
        conditions = {path: _sighted_path(self.model, path, request.user) for path in fields}
        sighted = {path: c for path, c in conditions.items() if c is not None}
        if not search_term or not sighted or scope_of(request.user).everything:
            return super().get_search_results(request, queryset, search_term)
        for term in smart_split(search_term):
            if term.startswith(('"', "'")) and term[0] == term[-1]:
                term = unescape_string_literal(term)
            match = Q()
            for path in fields:
                found = Q(**{f"{path}__icontains": term})
                match |= found & sighted[path] if path in sighted else found
            queryset = queryset.filter(match)
        return narrow_autocomplete(self, request, queryset), True

    def get_sortable_by(self, request):
        """Not sortable by the name of a related record the user may not see (its order would
        tell it), without a national scope."""
        sortable = super().get_sortable_by(request)
        if scope_of(request.user).everything:
            return sortable
        return [name for name in sortable if not self._names_scoped_record(name)]

    def _names_scoped_record(self, name) -> bool:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        records = field.related_model._default_manager if field.is_relation else None
        return (
            records is not None
            and hasattr(records, "within_scope")
            and not isinstance(records.all(), ReferenceQuerySet)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ScopedForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                narrow_choices(self, request.user)

            def clean(self):
                cleaned_data = super().clean()
                model_admin.check_scope(request, self)
                return cleaned_data

        ScopedForm.__name__ = form.__name__
        return ScopedForm

    def check_scope(self, request, form) -> None:
        """Add an error to the field that puts the record out of the user's scope."""
        scope = scope_of(request.user)
        if scope.everything:
            return
        if self.territory_fields:
            field, territory = self._first_set(form, self.territory_fields)
            if territory is None:
                self._refuse(
                    form,
                    self.territory_fields[0],
                    gettext(
                        "Une fiche sans territoire est nationale : seul un administrateur "
                        "national peut l'enregistrer. Choisissez un territoire de votre "
                        "périmètre (%(scope)s)."
                    )
                    % {"scope": describe_scope(request.user)},
                )
            elif not scope.covers(territory.region_code, territory.department_code):
                self._refuse(
                    form,
                    field,
                    gettext("%(territory)s est hors de votre périmètre (%(scope)s).")
                    % {"territory": territory, "scope": describe_scope(request.user)},
                )
        if self.owner_fields:
            field, owner = self._first_set(form, self.owner_fields)
            if (
                owner is not None
                and within_scope(request, owner)
                and revisions.proposes(request.user, owner)
            ):
                self._refuse(
                    form,
                    field,
                    gettext(
                        "« %(record)s » est en ligne : ajoutez ou modifiez ceci depuis sa page, "
                        "où vos modifications seront relues avant d'être publiées."
                    )
                    % {"record": owner},
                )
            elif owner is not None and not within_scope(request, owner):
                self._refuse(
                    form,
                    field,
                    gettext(
                        "« %(record)s » est hors de votre périmètre (%(scope)s) : vous ne "
                        "pouvez pas le modifier."
                    )
                    % {"record": owner, "scope": describe_scope(request.user)},
                )

    @staticmethod
    def _first_set(form, fields):
        for name in fields:
            if name in form.fields:
                value = form.cleaned_data.get(name)
            else:
                value = getattr(form.instance, name, None)
            if value is not None:
                return name, value
        return fields[0], None

    @staticmethod
    def _refuse(form, field, message):
        if field in form.fields and field not in form.errors:
            form.add_error(field, message)
        elif field not in form.fields:
            form.add_error(None, message)

    # Autocompletes: the records a field may point to.
    def autocomplete_choices(self, request, field_name, queryset):
        """A territory field offers the territories within the scope; an owner field the
        records the user may change; other fields what the user may see."""
        if field_name in self.territory_fields:
            return queryset.placeable_by(request.user)
        if field_name in self.owner_fields:
            return queryset.within_scope(request.user)
        return queryset

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request) and action in self.action_names():
            raise PermissionDenied  # an action the user's role does not allow
        return super().changelist_view(request, extra_context)

    def action_names(self) -> set[str]:
        names = {name for name, _ in self.admin_site.actions}
        for action in self.actions or []:
            names.add(action if isinstance(action, str) else action.__name__)
        return names

    def refuse_out_of_scope(self, request, queryset) -> None:
        """Raise PermissionDenied when any selected record is out of the user's scope."""
        outside = queryset.exclude(pk__in=self.model._default_manager.within_scope(request.user))
        if outside.exists():
            raise PermissionDenied


class ScopedInlineMixin:
    """An inline follows the record it belongs to: changed within scope, seen when visible;
    its forms choose only records the user may see."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = formset.form

        class ScopedForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                narrow_choices(self, request.user)

        ScopedForm.__name__ = form.__name__
        formset.form = ScopedForm
        proposal = getattr(request, "_amending_state", None)
        if proposal is not None and obj is not None:
            rows = proposal["parts"].get(formset.get_default_prefix())
            if rows is not None:
                formset = revisions.proposed_formset(formset, rows)
        return formset

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or visible(request, obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or within_scope(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or within_scope(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or within_scope(request, obj)
        )


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


class PrivateInlineMixin(ScopedInlineMixin):
    """Staff-only children (contact people): not even seen out of scope."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or within_scope(request, obj)
        )
