"""The admin's base class for every record: scope, history and restore, protected
deletion (``core.admin.scope``, ``core.admin.history``, ``core.admin.deletion``)."""

from django.contrib import admin

from core.admin.deletion import ProtectedDeletionMixin
from core.admin.history import HistoryMixin
from core.admin.scope import ScopeMixin


class ScopedModelAdmin(ProtectedDeletionMixin, HistoryMixin, ScopeMixin, admin.ModelAdmin):
    """A model admin within the user's scope, with the record's history and protected
    deletion."""
