"""The admin's import of organisation lists: upload, preview, confirm.

Nothing of the import runs in the request: the upload keeps the file in the database
(ImportRecord) and queues the job reading it for the preview; the confirmation queues the job
writing it (partners.tasks). Meanwhile the preview's page shows the job's progress (rows read
and refused so far) and reloads itself; any app server answers it, any worker runs the jobs.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.downloads import content_disposition
from partners import tasks
from partners.enums import ImportStatus
from partners.importing.errors import too_large
from partners.importing.records import purge
from partners.models import ImportRecord

IMPORT_PERMISSIONS = [
    "partners.import_organisation",
    "partners.add_organisation",
    "partners.change_organisation",
]
# The progress page reloads itself this often (seconds).
PROGRESS_REFRESH_SECONDS = 2


PREVIEW_FIELDS = [
    "proposed",
    "created_at",
    "finished_at",
    "shape",
    "file_format",
    "created",
    "updated",
    "unchanged",
    "rejected",
    "report",
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_(
            "CSV (UTF-8 ou Windows-1252 ; séparateur point-virgule, virgule ou tabulation) ou "
            "classeur Excel (.xlsx) : extrait RNA, fichier data·inclusion, export du portail "
            "ou tableur avec une ligne d'en-tête."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ORGANISATION_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(too_large(upload.size, limit))
        return upload


class OrganisationImportMixin:
    """Adds the import pages to the organisation admin."""

    # django-import-export's export change list, plus the import link.
    import_export_change_list_template = "admin/partners/organisation/change_list.html"

    def has_import_permission(self, request):
        # Importing creates and changes organisations: it takes those rights too.
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def _own_record(self, request, pk, *fields):
        """The import record ``pk``, if it is the user's own (or the user is a superuser)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        records = ImportRecord.objects.for_user(request.user)
        return get_object_or_404(records.only("user", "file_name", "status", *fields), pk=pk)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_upload), name="partners_organisation_import"),
            path(
                "import/<int:pk>/",
                view(self.import_preview),
                name="partners_organisation_import_preview",
            ),
            path(
                "import/<int:pk>/refus.csv",
                view(self.import_rejects),
                name="partners_organisation_import_rejects",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": (self.has_import_permission(request)),
        }
        return super().changelist_view(request, extra_context)

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer une liste de structures"),
            **context,
        }

    def import_upload(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            purge()
            with transaction.atomic():
                record = ImportRecord.objects.create(
                    user=request.user,
                    file_name=upload.name[:255],
                    file_size=len(data),
                    content=data,
                    status=ImportStatus.READING,
                )
                # Queued with the record, in the same transaction.
                tasks.preview_import.configure(lock=_lock(record)).defer(record_id=record.pk)
            return redirect("admin:partners_organisation_import_preview", record.pk)
        return TemplateResponse(
            request,
            "admin/partners/organisation/import_form.html",
            self._context(request, form=form),
        )

    def import_preview(self, request, pk):
        if request.method == "POST":
            return self._confirm_or_cancel(request, pk)
        record = self._own_record(request, pk, "rows_read", "error", *PREVIEW_FIELDS)
        if record.status in (ImportStatus.READING, ImportStatus.WRITING):
            template = "admin/partners/organisation/import_progress.html"
        else:
            template = "admin/partners/organisation/import_preview.html"
        return TemplateResponse(
            request,
            template,
            self._context(
                request,
                record=record,
                refresh_seconds=PROGRESS_REFRESH_SECONDS,
                rejects_url=reverse("admin:partners_organisation_import_rejects", args=[pk]),
            ),
        )

    def _confirm_or_cancel(self, request, pk):
        self._own_record(request, pk)
        cancel = "cancel" in request.POST
        with transaction.atomic():
            # Only a preview moves on, once: a second confirmation (double click, second tab,
            # another app server) finds the import under way or done.
            moved = ImportRecord.objects.filter(pk=pk, status=ImportStatus.PREVIEWED).update(
                **(
                    {"status": ImportStatus.CANCELLED, "content": b"", "rejects": b""}
                    if cancel
                    else {"status": ImportStatus.WRITING, "rows_read": 0, "rejected": 0}
                )
            )
            if moved and not cancel:
                tasks.confirm_import.configure(lock=_lock(ImportRecord(pk=pk))).defer(record_id=pk)
        if not moved:
            messages.warning(request, _("Cet import a déjà été confirmé ou abandonné."))
        elif cancel:
            messages.info(request, _("Import abandonné : rien n'a été écrit."))
            return redirect("admin:partners_organisation_changelist")
        return redirect("admin:partners_organisation_import_preview", pk)

    def import_rejects(self, request, pk):
        record = self._own_record(request, pk, "rejects")
        response = HttpResponse(bytes(record.rejects), content_type="text/csv; charset=utf-8")
        stem = record.file_name.rsplit(".", 1)[0]
        response["Content-Disposition"] = content_disposition(f"{stem}-refus.csv")
        return response


def _lock(record) -> str:
    """The jobs of one import run one at a time (procrastinate's lock)."""
    return f"import-{record.pk}"
