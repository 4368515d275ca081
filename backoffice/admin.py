from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.models import CorrectionReport
from core.admin.base import ScopedModelAdmin


@admin.register(CorrectionReport)
class CorrectionReportAdmin(ScopedModelAdmin):
    """Correction reports, each listed to the staff whose scope covers its record."""

    list_display = ["created_at", "record_link", "short_message", "email", "is_handled"]
    list_filter = ["is_handled", "created_at"]
    list_select_related = ["programme", "organisation", "event", "scheme", "handled_by"]
    search_fields = ["message", "programme__title", "organisation__name", "event__title"]
    date_hierarchy = "created_at"
    fields = [
        "record_link",
        "message",
        "email",
        "created_at",
        "is_handled",
        "handled_at",
        "handled_by",
    ]
    readonly_fields = ["record_link", "message", "email", "created_at", "handled_at", "handled_by"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False  # visitors send them, from the public pages

    @admin.display(description=gettext_lazy("fiche"))
    def record_link(self, report):
        record = report.record
        if record is None:
            return "—"
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('{} : <a href="{}">{}</a>', opts.verbose_name, url, record)

    @admin.display(description=gettext_lazy("message"))
    def short_message(self, report):
        return Truncator(report.message).chars(120)

    def save_model(self, request, obj, form, change):
        if "is_handled" in form.changed_data:
            obj.handled_at = timezone.now() if obj.is_handled else None
            obj.handled_by = request.user if obj.is_handled else None
        super().save_model(request, obj, form, change)

    @admin.action(permissions=["change"], description=gettext_lazy("Marquer comme traités"))
    def mark_handled(self, request, queryset):
        self.refuse_out_of_scope(request, queryset)
        count = queryset.filter(is_handled=False).update(
            is_handled=True, handled_at=timezone.now(), handled_by=request.user
        )
        messages.success(
            request, _("Signalements marqués comme traités : %(count)s.") % {"count": count}
        )
