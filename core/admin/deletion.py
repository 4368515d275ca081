"""Deleting records: within scope only, and refused while other records point to them.

The refusal lists what points to the record, each by its name and linked when the user may
see it (another territory's unpublished record by its kind's neutral label,
``core.visibility``).
"""

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, quote
from django.core.exceptions import PermissionDenied
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from core.admin.scope import visible


class ProtectedDeletionMixin:
    """Deletion refused while other records point to the record (``protected_relations``:
    accessors of reverse relations, besides Django's protected foreign keys)."""

    protected_relations: tuple[str, ...] = ()

    # Actions: only on records within the scope, else 403.
    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (scoped_delete_selected, name, description)
        return actions

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


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def scoped_delete_selected(modeladmin, request, queryset):
    """Django's deletion of the selected records, refused (403) when any is out of scope or
    may not be deleted by the user (a live record, for an editor)."""
    modeladmin.refuse_out_of_scope(request, queryset)
    if not all(modeladmin.has_delete_permission(request, obj) for obj in queryset):
        raise PermissionDenied
    return delete_selected(modeladmin, request, queryset)
