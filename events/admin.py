from django.contrib import admin

from events.models import AgendaItem, Event, EventSeries, Resource
from reference.admin import URL_FIELDS_ASSUME_HTTPS


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


class ResourceInline(admin.TabularInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Resource
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "start", "end", "commune", "status", "publication_state"]
    list_filter = ["publication_state", "status", "kind", "series"]
    search_fields = ["title", "venue", "series__name"]
    date_hierarchy = "start"
    list_select_related = ["commune"]
    autocomplete_fields = ["series", "commune", "territory", "organisers", "programmes"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AgendaItemInline, ResourceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "event", "date", "start_time"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "kind", "event", "url"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
