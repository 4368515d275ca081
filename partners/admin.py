from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from core.admin.base import ScopedModelAdmin
from core.admin.scope import (
    URL_FIELDS_ASSUME_HTTPS,
    PrivateInlineMixin,
    ScopedTabularInline,
    ScopeFilter,
)
from core.admin.workflow import PublishableAdmin
from partners.importing.admin import IMPORT_PERMISSIONS, OrganisationImportMixin
from partners.models import (
    ContactPerson,
    ImportRecord,
    Membership,
    Organisation,
    OrganisationEvent,
)
from partners.resources import EXPORT_FORMATS, OrganisationResource
from reference.admin import territory_filters


class ContactPersonInline(PrivateInlineMixin, admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["full_name", "role", "email", "phone", "notes"]


class MembershipInline(ScopedTabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["network"]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationImportMixin, ExportMixin, PublishableAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    territory_fields = ("territory", "commune")
    protected_relations = (
        "led_programmes",
        "partnerships",
        "fundings_given",
        "fundings_received",
        "organised_events",
        "piloted_schemes",
        "network_memberships",
    )
    resource_classes = [OrganisationResource]
    export_formats = EXPORT_FORMATS
    list_display = [
        "name",
        "acronym",
        "kind",
        "rna",
        "siret",
        "commune",
        "territory",
        "publication_state",
        "updated_at",
    ]
    list_filter = [
        ScopeFilter,
        "publication_state",
        *territory_filters(),
        "kind",
        "is_dissolved",
        "themes",
    ]
    search_fields = ["name", "acronym", "rna", "siret", "siren"]
    list_select_related = ["commune", "territory"]
    autocomplete_fields = ["commune", "territory"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, ContactPersonInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "kind", "publication_state"]}),
        (_("Identifiants"), {"fields": ["rna", "siren", "siret", "is_dissolved", "dissolved_on"]}),
        (_("Présentation"), {"fields": ["description", "themes", "territory"]}),
        (
            _("Coordonnées publiques"),
            {"fields": ["address", "postcode", "commune", "website", "email", "phone"]},
        ),
        (_("Suivi"), {"fields": ["published_at", "created_at", "updated_at"]}),
    ]


@admin.register(ContactPerson)
class ContactPersonAdmin(ScopedModelAdmin):
    owner_fields = ("organisation",)
    list_display = ["full_name", "role", "organisation", "email", "phone"]
    search_fields = ["full_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    owner_fields = ("member",)
    list_display = ["member", "network", "since"]
    search_fields = ["member__name", "network__name"]
    list_select_related = ["member", "network"]
    autocomplete_fields = ["member", "network"]


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "file_name",
        "user",
        "shape",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
    ]
    list_filter = ["status", "shape"]
    search_fields = ["file_name", "user__username"]
    list_select_related = ["user"]
    fields = [
        "created_at",
        "finished_at",
        "user",
        "file_name",
        "file_size",
        "shape",
        "file_format",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        records = super().get_queryset(request).for_user(request.user)
        return records.defer("content", "rejects")

    def has_view_permission(self, request, obj=None):
        """Importers see their own imports, without the « view » permission; superusers see
        every import."""
        allowed = request.user.has_perms(IMPORT_PERMISSIONS) or super().has_view_permission(request)
        return allowed and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request) and self._own(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @staticmethod
    def _own(request, record) -> bool:
        return record is None or request.user.is_superuser or record.user_id == request.user.pk


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(admin.ModelAdmin):
    """The history of organisations: every insert and update, imports included."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["pgh_created_at", "pgh_label", "name", "rna", "siret", "context"]
    list_filter = ["pgh_label"]
    search_fields = ["name", "rna", "siret"]
    list_select_related = ["pgh_context"]
    date_hierarchy = "pgh_created_at"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # out of scope is not found, as for the records (core.admin.scope)
            raise Http404
        return obj

    def get_queryset(self, request):
        organisations = Organisation.objects.within_scope(request.user).values("pk")
        return super().get_queryset(request).filter(pgh_obj__in=organisations)

    @admin.display(description="contexte")
    def context(self, event):
        return event.pgh_context.metadata if event.pgh_context else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
