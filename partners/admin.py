from django.contrib import admin

from partners.models import ContactPerson, Membership, Organisation
from reference.admin import URL_FIELDS_ASSUME_HTTPS


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["full_name", "role", "email", "phone", "notes"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["network"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "acronym", "kind", "rna", "siret", "commune", "publication_state"]
    list_filter = ["publication_state", "kind", "themes"]
    search_fields = ["name", "acronym", "rna", "siret", "siren"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune", "territory"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, ContactPersonInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "kind", "publication_state"]}),
        ("Identifiants", {"fields": ["rna", "siren", "siret"]}),
        ("Présentation", {"fields": ["description", "themes", "territory"]}),
        (
            "Coordonnées publiques",
            {"fields": ["address", "postcode", "commune", "website", "email", "phone"]},
        ),
        ("Suivi", {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "role", "organisation", "email", "phone"]
    search_fields = ["full_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "network", "since"]
    search_fields = ["member__name", "network__name"]
    list_select_related = ["member", "network"]
    autocomplete_fields = ["member", "network"]
