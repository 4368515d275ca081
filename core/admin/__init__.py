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


_register_job_errors()
