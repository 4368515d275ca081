from django.contrib import admin
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.scoping import narrow_autocomplete
from reference.models import Audience, Territory, Theme

# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class NarrowedAutocompleteMixin:
    """Autocomplete results narrowed by the admin of the field that asks
    (``core.scoping.narrow_autocomplete``): a territory within the user's scope…"""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return narrow_autocomplete(self, request, queryset), may_have_duplicates


@admin.register(Territory)
class TerritoryAdmin(NarrowedAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "postcodes"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = []

    def get_readonly_fields(self, request, obj=None):
        # Official codes are managed by migrations: editors can read them, not change them.
        return ["level", "code"] if obj else []


class ReferenceItemAdmin(NarrowedAutocompleteMixin, admin.ModelAdmin):
    """Themes and audiences (changed by administrators). Deleting one that records use is
    refused, listing them: Django would silently drop the links."""

    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(None, {"fields": ["name", "slug", "description", "position", "is_active"]})]

    # The records using an item (many-to-many accessors).
    used_by: tuple[str, ...] = ()

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for item in objs:
            for accessor in self.used_by:
                for record in getattr(item, accessor).all():
                    protected.append(f"{capfirst(record._meta.verbose_name)} : {record}")
        return to_delete, counts, perms_needed, protected


@admin.register(Theme)
class ThemeAdmin(ReferenceItemAdmin):
    used_by = ("organisations", "programmes", "events")


@admin.register(Audience)
class AudienceAdmin(ReferenceItemAdmin):
    used_by = ("programmes",)


admin.site.site_header = _("Portail de l'intégration – administration")
admin.site.site_title = _("Portail de l'intégration")
admin.site.index_title = _("Gestion des contenus")
