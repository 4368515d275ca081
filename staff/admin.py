from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from staff.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Staff accounts: their role (group) and scope (regions and departments) on their page."""

    list_display = ["username", "email", "first_name", "last_name", "role_name", "scope_names"]
    list_filter = ["groups", "is_active", "is_superuser"]
    autocomplete_fields = ["territories"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (
            _("Rôle et périmètre"),
            {
                "fields": ["groups", "territories"],
                "description": _(
                    "Le rôle est le groupe du compte : Administrateur national, Éditeur "
                    "territorial, Relecteur ou Lecteur. Le périmètre : les régions et "
                    "départements dont il tient les fiches."
                ),
            },
        ),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]},
        ),
        *DjangoUserAdmin.fieldsets[3:],
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "territories")

    @admin.display(description=_("rôle"))
    def role_name(self, user):
        return user.role.label if user.role else "—"

    @admin.display(description=_("périmètre"))
    def scope_names(self, user):
        if user.scope.everything:
            return _("France entière")
        return ", ".join(str(territory) for territory in user.territories.all()) or "—"
