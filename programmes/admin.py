from django.contrib import admin

from core.admin.base import ScopedModelAdmin
from core.admin.scope import URL_FIELDS_ASSUME_HTTPS, ScopedTabularInline, ScopeFilter
from core.admin.workflow import PublishableAdmin
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.admin import territory_filters


@admin.register(Scheme)
class SchemeAdmin(PublishableAdmin):
    protected_relations = ("programmes",)
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "acronym", "pilot", "publication_state", "published_at", "updated_at"]
    list_filter = ["publication_state"]
    list_select_related = ["pilot"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["pilot"]
    readonly_fields = ["created_at", "updated_at"]


class ProgrammePartnerInline(ScopedTabularInline):
    model = ProgrammePartner
    extra = 0
    autocomplete_fields = ["organisation"]


class FigureInline(ScopedTabularInline):
    model = Figure
    extra = 0


class FundingInline(ScopedTabularInline):
    model = Funding
    fk_name = "programme"
    extra = 0
    autocomplete_fields = ["funder", "beneficiary"]
    fields = ["funder", "amount", "is_yearly", "year", "start_date", "end_date", "kind", "status"]


@admin.register(Programme)
class ProgrammeAdmin(PublishableAdmin):
    territory_fields = ("territory",)
    protected_relations = ("events",)
    list_display = [
        "title",
        "scheme",
        "territory",
        "lead_organisation",
        "status",
        "start_date",
        "end_date",
        "publication_state",
        "updated_at",
    ]
    list_filter = [
        ScopeFilter,
        "publication_state",
        *territory_filters(),
        "status",
        ("scheme", admin.RelatedOnlyFieldListFilter),
        "themes",
        "audiences",
    ]
    date_hierarchy = "start_date"
    search_fields = ["title", "scheme__name", "scheme__acronym", "lead_organisation__name"]
    list_select_related = ["scheme", "territory", "lead_organisation"]
    autocomplete_fields = ["scheme", "territory", "lead_organisation"]
    filter_horizontal = ["themes", "audiences"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProgrammePartnerInline, FundingInline, FigureInline]


@admin.register(ProgrammePartner)
class ProgrammePartnerAdmin(ScopedModelAdmin):
    owner_fields = ("programme",)
    list_display = ["organisation", "role", "programme"]
    list_filter = [ScopeFilter, "role", *territory_filters("programme__")]
    search_fields = ["organisation__name", "programme__title"]
    list_select_related = ["organisation", "programme"]
    autocomplete_fields = ["organisation", "programme"]


@admin.register(Funding)
class FundingAdmin(ScopedModelAdmin):
    owner_fields = ("programme", "beneficiary")
    list_display = [
        "funder",
        "programme",
        "beneficiary",
        "amount",
        "is_yearly",
        "year",
        "start_date",
        "kind",
        "status",
    ]
    list_filter = [ScopeFilter, "kind", "status", "year", *territory_filters("programme__")]
    date_hierarchy = "start_date"
    search_fields = ["funder__name", "programme__title", "beneficiary__name", "label"]
    list_select_related = ["funder", "programme", "beneficiary"]
    autocomplete_fields = ["funder", "programme", "beneficiary"]


@admin.register(Figure)
class FigureAdmin(ScopedModelAdmin):
    owner_fields = ("programme",)
    list_display = ["label", "value", "unit", "year", "programme"]
    list_filter = [ScopeFilter, "year", *territory_filters("programme__")]
    search_fields = ["label", "programme__title"]
    list_select_related = ["programme"]
    autocomplete_fields = ["programme"]
