from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.admin.scope import NarrowedAutocompleteMixin
from reference.models import Audience, Territory, Theme


def territory_filters(path: str = ""):
    """List filters by region and by department (their INSEE codes), on the record's own
    territory codes or those of the record at ``path`` (``programme__``)."""

    class RegionFilter(admin.SimpleListFilter):
        title = _("région")
        parameter_name = "region"

        def lookups(self, request, model_admin):
            return [(t.code, t.name) for t in Territory.objects.regions().order_by("name")]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{path}region_code": self.value()})
            return queryset

    class DepartmentFilter(admin.SimpleListFilter):
        title = _("département")
        parameter_name = "departement"

        def lookups(self, request, model_admin):
            departments = Territory.objects.departments().order_by("code")
            if request.GET.get("region"):  # the departments of the region chosen
                departments = departments.filter(region_code=request.GET["region"])
            return [(t.code, str(t)) for t in departments]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{path}department_code": self.value()})
            return queryset

    return [RegionFilter, DepartmentFilter]


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

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for item in objs:
            for accessor in used_by(type(item)):
                for record in getattr(item, accessor).all():
                    protected.append(f"{capfirst(record._meta.verbose_name)} : {record}")
        return to_delete, counts, perms_needed, protected


def used_by(model) -> list[str]:
    """The accessors of the records using an item: every many-to-many field to ``model``,
    whatever the app declaring it."""
    return [
        relation.get_accessor_name()
        for relation in model._meta.related_objects
        if relation.many_to_many
    ]


admin.site.register(Theme, ReferenceItemAdmin)
admin.site.register(Audience, ReferenceItemAdmin)


admin.site.site_header = _("Portail de l'intégration – administration")
admin.site.site_title = _("Portail de l'intégration")
admin.site.index_title = _("Gestion des contenus")
