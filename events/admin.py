from django.contrib import admin

from core.admin.base import ScopedModelAdmin
from core.admin.scope import (
    URL_FIELDS_ASSUME_HTTPS,
    ScopedStackedInline,
    ScopedTabularInline,
    ScopeFilter,
)
from core.admin.workflow import PublishableAdmin
from events.models import AgendaItem, Event, EventSeries, Resource
from reference.admin import territory_filters


@admin.register(EventSeries)
class EventSeriesAdmin(ScopedModelAdmin):
    protected_relations = ("events",)
    list_display = ["name"]
    search_fields = ["name"]


class AgendaItemInline(ScopedStackedInline):
    model = AgendaItem
    extra = 0


class ResourceInline(ScopedTabularInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Resource
    extra = 0


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    territory_fields = ("commune", "territory")
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "title",
        "start",
        "end",
        "commune",
        "territory",
        "kind",
        "status",
        "publication_state",
        "updated_at",
    ]
    list_filter = [
        ScopeFilter,
        "publication_state",
        *territory_filters(),
        "status",
        "kind",
        "series",
        "themes",
    ]
    search_fields = ["title", "venue", "series__name"]
    date_hierarchy = "start"
    list_select_related = ["commune", "territory"]
    autocomplete_fields = ["series", "commune", "territory", "organisers", "programmes"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AgendaItemInline, ResourceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedModelAdmin):
    owner_fields = ("event",)
    list_display = ["title", "kind", "event", "date", "start_time"]
    list_filter = [ScopeFilter, "kind", *territory_filters("event__")]
    date_hierarchy = "date"
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]


@admin.register(Resource)
class ResourceAdmin(ScopedModelAdmin):
    owner_fields = ("event",)
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "kind", "event", "url"]
    list_filter = [ScopeFilter, "kind", *territory_filters("event__")]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
