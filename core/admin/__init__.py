"""The admin's shared machinery, for every kind of record.

- ``base.ScopedModelAdmin``: a model admin within the user's scope (``scope``), with the
  record's history and restore pages (``history``, read as people read it: ``versions``) and
  deletion refused while other records point to it (``deletion``).
- ``workflow.PublishableAdmin``: records with a publication state: the workflow's actions and
  buttons, and the review of changes to live records (``revisions``).
- ``shortcut``: « Voir sur le site », within scope.
"""


def _register_job_errors():
    """A failed job's error, read-only, beside procrastinate's list of jobs."""
    from django.contrib import admin

    from core.models import JobError

    @admin.register(JobError)
    class JobErrorAdmin(admin.ModelAdmin):
        list_display = ["at", "task_name", "job_id", "attempt", "error"]
        list_filter = ["task_name"]
        readonly_fields = ["job_id", "task_name", "attempt", "at", "error", "traceback"]

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False


def _register_jobs():
    """procrastinate's list of jobs, its inline styles moved to a style sheet (the
    Content-Security-Policy refuses inline styles)."""
    import json

    from django.contrib import admin
    from django.utils.html import format_html
    from procrastinate.contrib.django import models
    from procrastinate.contrib.django.admin import ProcrastinateJobAdmin

    class JobAdmin(ProcrastinateJobAdmin):
        class Media:
            css = {"all": ["admin_portal/jobs.css"]}

        @admin.display(description="Args")
        def pretty_args(self, instance):
            indent = 2 if len(instance.args) > 1 or len(str(instance.args)) > 30 else None
            return format_html(
                '<pre class="job-args">{}</pre>', json.dumps(instance.args, indent=indent)[:2000]
            )

    admin.site.unregister(models.ProcrastinateJob)
    admin.site.register(models.ProcrastinateJob, JobAdmin)


_register_job_errors()
_register_jobs()
