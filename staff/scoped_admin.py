"""The admin's base classes: every list, page, action, autocomplete and inline within the
user's scope (``core.scoping``), enforced on the server.

- Lists, counts, searches and autocompletes read ``Model.objects.for_user(user)``: published
  and archived records, and everything within the user's scope. Another territory's draft is
  a 404.
- Changing, deleting, the history and the actions need the record within the user's scope
  (``within_scope``) and the role's permission: otherwise 403, never a silent success.
- A record saved by a non-administrator must land within their scope: the territory field
  (or the record it belongs to) says so on the field concerned.
- Deleting a record that other records point to is refused, with the list of what points to
  it (a record of another territory not yet published is named as such, not by its name).
"""

import pghistory
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import _get_foreign_key
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import revisions
from core.scoping import scope_of
from core.visibility import narrow_choices
from reference.admin import NarrowedAutocompleteMixin
from staff import history


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


class ScopedModelAdmin(NarrowedAutocompleteMixin, admin.ModelAdmin):
    """A model admin within the user's scope (see the module's docstring)."""

    # Fields placing the record on a territory, in the order the database reads them (the
    # first one set wins, ``copy_territory_codes``).
    territory_fields: tuple[str, ...] = ()
    # Fields naming the record this one belongs to (a figure's programme), the first one set
    # winning: the user must be allowed to change that record.
    owner_fields: tuple[str, ...] = ()
    # Reverse relations (accessor names) of records that point to this one: while any exists,
    # deletion is refused, listing them.
    protected_relations: tuple[str, ...] = ()

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
        page, where they are proposed (staff.revision_admin). None otherwise."""
        for name in self.owner_fields:
            owner = getattr(obj, name, None)
            if owner is not None:
                return owner if _proposes(request, owner) else None
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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django sends a missing record back to the admin's home with a message; out of
        # sight is not found here: 404, like any other address of a record one may not see.
        raise Http404(
            gettext("Aucune fiche « %(kind)s » n'a le numéro %(id)s parmi celles que vous voyez.")
            % {"kind": opts.verbose_name, "id": object_id}
        )

    # History: the record's and its parts' changes, within scope; going back to a version.
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/history/<int:event_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_parts(self):
        """``(model, field, label)`` of the parts whose changes show in the record's history:
        the inlines' models and the many-to-many links."""
        parts = []
        for inline in self.inlines:
            foreign_key = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            parts.append((inline.model, foreign_key.name, inline.model._meta.verbose_name))
        for m2m in self.model._meta.many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                parts.append((through, m2m.m2m_field_name(), m2m.verbose_name))
        return parts

    def _history_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, obj) and within_scope(request, obj)):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._history_object(request, object_id)
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Historique : %(record)s") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "entries": history.record_history(obj, self.history_parts()),
            "can_restore": self.has_change_permission(request, obj),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/record_history.html", context)

    def restore_view(self, request, object_id, event_id):
        obj = self._history_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        history_model = history.event_model(self.model)
        event = get_object_or_404(
            history_model, pk=event_id, pgh_obj_id=obj.pk, pgh_label__in=["insert", "update"]
        )
        changes = history.version_changes(obj, event)
        opts = self.opts
        history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)]
        )
        if request.method == "POST":
            self._restore(request, obj, event, changes)
            return redirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revenir à une version de « %(record)s »") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "event": event,
            "changes": history.readable_changes(changes),
            "history_url": history_url,
        }
        return TemplateResponse(request, "admin/record_restore.html", context)

    def _restore(self, request, obj, event, changes):
        version = formats.date_format(timezone.localtime(event.pgh_created_at), "DATETIME_FORMAT")
        if not changes:
            messages.info(
                request,
                gettext("« %(record)s » est déjà dans l'état du %(when)s : rien à rétablir.")
                % {"record": obj, "when": version},
            )
            return
        for model_field, _current, value in changes:
            setattr(obj, model_field.attname, value)
        problem = self._restore_problem(request, obj)
        if problem:
            messages.error(
                request,
                gettext("« %(record)s » n'a pas été rétabli dans l'état du %(when)s : %(why)s")
                % {"record": obj, "when": version, "why": problem},
            )
            return
        names = [model_field.name for model_field, _c, _v in changes]
        if not self.save_version(request, obj, event, names):
            return  # proposed for review (staff.revision_admin), which says so
        messages.success(
            request,
            gettext("« %(record)s » est revenu à l'état du %(when)s (%(fields)s).")
            % {
                "record": obj,
                "when": version,
                "fields": ", ".join(str(f.verbose_name) for f, _c, _v in changes),
            },
        )

    def save_version(self, request, obj, event, names) -> bool:
        """Save ``obj`` given back the ``names`` fields of the history ``event``; return
        whether it was saved."""
        with transaction.atomic(), pghistory.context(restored_version=event.pgh_id):
            obj.save()
        return True

    def _restore_problem(self, request, obj) -> str:
        """Why the version cannot be saved (out of scope, or no longer valid), or ""."""
        scope = scope_of(request.user)
        if self.territory_fields and not scope.everything:
            territory = next(
                (getattr(obj, name) for name in self.territory_fields if getattr(obj, name)),
                None,
            )
            if territory is None or not scope.covers(
                territory.region_code, territory.department_code
            ):
                return gettext("cette version est hors de votre périmètre.")
        if not scope.everything and (field := self._unreachable_relation(request, obj)):
            return gettext(
                "cette version désigne, pour « %(field)s », une fiche hors de votre périmètre."
            ) % {"field": field.verbose_name}
        try:
            obj.full_clean()
        except ValidationError as error:
            return " ".join(
                f"{capfirst(self.model._meta.get_field(name).verbose_name)} : {message}"
                if name != "__all__" and name in {f.name for f in self.model._meta.fields}
                else message
                for name, messages_ in error.message_dict.items()
                for message in messages_
            )
        return ""

    def _unreachable_relation(self, request, obj):
        """The first field of ``obj`` pointing to a record the user may not point to: one
        they may not see, or, for the record it belongs to (``owner_fields``), one they may
        not change."""
        for model_field in obj._meta.concrete_fields:
            value = getattr(obj, model_field.attname)
            if not model_field.is_relation or value is None:
                continue
            records = model_field.related_model._default_manager
            if model_field.name in self.owner_fields:
                records = records.within_scope(request.user)
            elif hasattr(records, "for_user"):
                records = records.for_user(request.user)
            else:
                continue
            if not records.filter(pk=value).exists():
                return model_field
        return None

    def get_readonly_fields(self, request, obj=None):
        # The publication state changes only through the workflow's actions (roles, scope,
        # first publication date): never by editing the form.
        fields = list(super().get_readonly_fields(request, obj))
        names = {field.name for field in self.model._meta.fields}
        for name in ("publication_state", "published_at"):
            if name in names and name not in fields:
                fields.append(name)
        return fields

    # Forms: what is saved lands within the scope.
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
            if owner is not None and within_scope(request, owner) and _proposes(request, owner):
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

    # Actions: only on records within the scope, else 403.
    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (scoped_delete_selected, name, description)
        return actions

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

    # Deletion: refused while other records point to the record.
    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, _ = super().get_deleted_objects(objs, request)
        pointing = self.pointing_records(request, objs)
        if pointing:
            # Refused for what points to the record: say that, not the rights Django
            # would ask to delete those records too (they are not deleted).
            perms_needed = set()
        return to_delete, counts, perms_needed, pointing

    def pointing_records(self, request, objs) -> list[str]:
        """The records pointing to ``objs`` (as the admin lists them), by name when the user
        may see them."""
        objs = list(objs)
        if not objs:
            return []
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        pointing = {(type(obj), obj.pk): obj for obj in collector.protected}
        for obj in objs:
            for accessor in self.protected_relations:
                for other in getattr(obj, accessor).all():
                    pointing.setdefault((type(other), other.pk), other)
        return [self._pointing_label(request, other) for other in pointing.values()]

    def _pointing_label(self, request, obj) -> str:
        opts = obj._meta
        kind = capfirst(opts.verbose_name)
        if not visible(request, obj):  # named as such (core.visibility), not linked
            return f"{kind} : {obj}"
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        except NoReverseMatch:
            return f"{kind} : {obj}"
        return format_html('{} : <a href="{}">{}</a>', kind, url, obj)


def _proposes(request, record) -> bool:
    """Whether the user's changes to ``record`` wait for review: it is live (published or
    archived) and they may not publish it."""
    if not hasattr(record, "publication_state") or not revisions.is_live(record):
        return False
    opts = record._meta
    return not request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def scoped_delete_selected(modeladmin, request, queryset):
    """Django's deletion of the selected records, refused (403) when any is out of scope or
    may not be deleted by the user (a live record, for an editor)."""
    modeladmin.refuse_out_of_scope(request, queryset)
    if not all(modeladmin.has_delete_permission(request, obj) for obj in queryset):
        raise PermissionDenied
    return delete_selected(modeladmin, request, queryset)


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


def territory_filters(path: str = ""):
    """List filters by region and by department (their INSEE codes), on the record's own
    territory codes or those of the record at ``path`` (``programme__``)."""

    class RegionFilter(admin.SimpleListFilter):
        title = _("région")
        parameter_name = "region"

        def lookups(self, request, model_admin):
            from reference.models import Territory

            return [(t.code, t.name) for t in Territory.objects.regions().order_by("name")]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{path}region_code": self.value()})
            return queryset

    class DepartmentFilter(admin.SimpleListFilter):
        title = _("département")
        parameter_name = "departement"

        def lookups(self, request, model_admin):
            from reference.models import Territory

            departments = Territory.objects.departments().order_by("code")
            if request.GET.get("region"):  # the departments of the region chosen
                departments = departments.filter(region_code=request.GET["region"])
            return [(t.code, str(t)) for t in departments]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{path}department_code": self.value()})
            return queryset

    return [RegionFilter, DepartmentFilter]
