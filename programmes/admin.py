from django.contrib import admin

from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.admin import URL_FIELDS_ASSUME_HTTPS


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "acronym", "pilot", "publication_state"]
    list_filter = ["publication_state"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["pilot"]
    readonly_fields = ["created_at", "updated_at"]


class ProgrammePartnerInline(admin.TabularInline):
    model = ProgrammePartner
    extra = 0
    autocomplete_fields = ["organisation"]


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


class FundingInline(admin.TabularInline):
    model = Funding
    fk_name = "programme"
    extra = 0
    autocomplete_fields = ["funder", "beneficiary"]
    fields = ["funder", "amount", "is_yearly", "year", "start_date", "end_date", "kind", "status"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "scheme",
        "territory",
        "lead_organisation",
        "status",
        "publication_state",
    ]
    list_filter = ["publication_state", "status", "scheme", "themes"]
    search_fields = ["title", "scheme__name", "scheme__acronym", "lead_organisation__name"]
    list_select_related = ["scheme", "territory", "lead_organisation"]
    autocomplete_fields = ["scheme", "territory", "lead_organisation"]
    filter_horizontal = ["themes", "audiences"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProgrammePartnerInline, FundingInline, FigureInline]


@admin.register(ProgrammePartner)
class ProgrammePartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "programme"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "programme__title"]
    list_select_related = ["organisation", "programme"]
    autocomplete_fields = ["organisation", "programme"]


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["funder", "programme", "beneficiary", "amount", "year", "kind", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["funder__name", "programme__title", "beneficiary__name", "label"]
    list_select_related = ["funder", "programme", "beneficiary"]
    autocomplete_fields = ["funder", "programme", "beneficiary"]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "unit", "year", "programme"]
    search_fields = ["label", "programme__title"]
    list_select_related = ["programme"]
    autocomplete_fields = ["programme"]
