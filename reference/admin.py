from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.models import Audience, Territory, Theme

# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "postcodes"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = []

    def get_readonly_fields(self, request, obj=None):
        # Official codes are managed by migrations: editors can read them, not change them.
        return ["level", "code"] if obj else []


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(None, {"fields": ["name", "slug", "description", "position", "is_active"]})]


@admin.register(Theme)
class ThemeAdmin(ReferenceItemAdmin):
    pass


@admin.register(Audience)
class AudienceAdmin(ReferenceItemAdmin):
    pass


admin.site.site_header = _("Portail de l'intégration – administration")
admin.site.site_title = _("Portail de l'intégration")
admin.site.index_title = _("Gestion des contenus")
