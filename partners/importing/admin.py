"""The admin's import of organisation lists: upload, preview, confirm.

The preview runs the import without writing; the file stays in the database (ImportRecord),
so that the confirmation, which runs the same import for real, works on any app server. Both
run within ORGANISATION_IMPORT_ADMIN_SECONDS (twice that for the confirmation, which writes),
so that a long file does not hold a web worker: the command line has no such limit.
"""

import tempfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import revisions
from core.downloads import content_disposition
from core.scoping import scope_of
from partners.enums import ImportStatus
from partners.importing.engine import run_import
from partners.importing.errors import UnusableFile, too_large
from partners.importing.records import fill, purge
from partners.models import ImportRecord, Organisation

IMPORT_PERMISSIONS = [
    "partners.import_organisation",
    "partners.add_organisation",
    "partners.change_organisation",
]
# Writing takes about twice as long as reading (make bench-import): a file previewed in time
# is confirmed in time.
CONFIRMATION_TIME_FACTOR = 2
# Refused rows are kept in memory up to this size, then in a temporary file.
REJECTS_IN_MEMORY = 1 << 20


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
            record = ImportRecord(
                user=request.user, file_name=upload.name[:255], file_size=len(data), content=data
            )
            purge()
            try:
                report, record.rejects = _run(
                    data,
                    settings.ORGANISATION_IMPORT_ADMIN_SECONDS,
                    dry_run=True,
                    scope=scope_of(request.user),
                    proposer=_proposer(request),
                )
            except UnusableFile as error:
                form.add_error("file", str(error))
            else:
                fill(record, report)
                record.save()
                return redirect("admin:partners_organisation_import_preview", record.pk)
        return TemplateResponse(
            request,
            "admin/partners/organisation/import_form.html",
            self._context(request, form=form),
        )

    def import_preview(self, request, pk):
        if request.method == "POST":
            return self._confirm_or_cancel(request, pk)
        record = self._own_record(request, pk, *PREVIEW_FIELDS)
        return TemplateResponse(
            request,
            "admin/partners/organisation/import_preview.html",
            self._context(
                request,
                record=record,
                rejects_url=reverse("admin:partners_organisation_import_rejects", args=[pk]),
            ),
        )

    def _confirm_or_cancel(self, request, pk):
        self._own_record(request, pk)
        preview = redirect("admin:partners_organisation_import_preview", pk)
        with transaction.atomic():
            # Locked: a second confirmation (double click, second tab) waits, then finds the
            # import done instead of importing the file again.
            record = ImportRecord.objects.select_for_update().get(pk=pk)
            if record.status != ImportStatus.PREVIEWED:
                messages.warning(request, _("Cet import a déjà été confirmé ou abandonné."))
                return preview
            if "cancel" in request.POST:
                record.status = ImportStatus.CANCELLED
                record.content = record.rejects = b""
                record.save(update_fields=["status", "content", "rejects"])
                messages.info(request, _("Import abandonné : rien n'a été écrit."))
                return redirect("admin:partners_organisation_changelist")
            try:
                report, record.rejects = _run(
                    bytes(record.content),
                    CONFIRMATION_TIME_FACTOR * settings.ORGANISATION_IMPORT_ADMIN_SECONDS,
                    history={"import_file": record.file_name, "import_id": record.pk},
                    scope=scope_of(request.user),
                    proposer=_proposer(request),
                )
            except UnusableFile as error:  # usable at the preview: a lowered limit, a slow server
                messages.error(request, str(error))
                return preview
            fill(record, report)
            record.status = ImportStatus.DONE
            record.finished_at = timezone.now()
            record.content = b""
            record.save()
        messages.success(
            request,
            _(
                "Import terminé : %(created)s créées, %(updated)s mises à jour, "
                "%(unchanged)s inchangées, %(rejected)s refusées."
            )
            % {
                "created": record.created,
                "updated": record.updated,
                "unchanged": record.unchanged,
                "rejected": record.rejected,
            },
        )
        if record.proposed:
            messages.info(
                request,
                ngettext(
                    "%(count)s modification d'une structure en ligne attend la relecture.",
                    "%(count)s modifications de structures en ligne attendent la relecture.",
                    record.proposed,
                )
                % {"count": record.proposed},
            )
        return preview

    def import_rejects(self, request, pk):
        record = self._own_record(request, pk, "rejects")
        response = HttpResponse(bytes(record.rejects), content_type="text/csv; charset=utf-8")
        stem = record.file_name.rsplit(".", 1)[0]
        response["Content-Disposition"] = content_disposition(f"{stem}-refus.csv")
        return response


def _proposer(request):
    """Who proposes the import's changes to live organisations for review: an importer who
    may not publish organisations (core.revisions); None when they may, and write."""
    return None if revisions.may_publish(request.user, Organisation) else request.user


def _run(data: bytes, time_limit, **options):
    """Run the import within ``time_limit`` seconds; return its report and refused rows (CSV)."""
    with tempfile.SpooledTemporaryFile(max_size=REJECTS_IN_MEMORY) as rejects:
        report = run_import(data, rejects=rejects, time_limit=time_limit, **options)
        rejects.seek(0)
        return report, rejects.read()
