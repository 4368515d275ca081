"""A record's « Historique » page and going back to one of its versions, within scope.

The page lists, latest first, what happened to the record and to its parts (inlines,
many-to-many links), read from the history tables (``core.history``) and shown as people read
them (``core.admin.versions``). Going back to a version is a new change, itself recorded; the
version must still be valid and within the user's scope, as must every record it points to.
"""

import pghistory
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.admin import versions
from core.admin.scope import within_scope
from core.scoping import scope_of


def inline_foreign_key(parent, inline):
    """The foreign key by which ``inline``'s model points to ``parent`` (its ``fk_name``, or
    the only one)."""
    keys = [
        field
        for field in inline.model._meta.fields
        if field.many_to_one
        and issubclass(parent, field.related_model)
        and inline.fk_name in (None, field.name)
    ]
    return keys[0]


class HistoryMixin:
    """The record's history and restore pages (see the module's docstring)."""

    # History: the record's and its parts' changes, within scope; going back to a version.
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/history/<int:event_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_parts(self):
        """``(model, field, label)`` of the parts whose changes show in the record's history:
        the inlines' models and the many-to-many links."""
        parts = []
        for inline in self.inlines:
            foreign_key = inline_foreign_key(self.model, inline)
            parts.append((inline.model, foreign_key.name, inline.model._meta.verbose_name))
        for m2m in self.model._meta.many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                parts.append((through, m2m.m2m_field_name(), m2m.verbose_name))
        return parts

    def _history_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if not (self.has_view_permission(request, obj) and within_scope(request, obj)):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._history_object(request, object_id)
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Historique : %(record)s") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "entries": versions.record_history(obj, self.history_parts()),
            "can_restore": self.has_change_permission(request, obj),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/record_history.html", context)

    def restore_view(self, request, object_id, event_id):
        obj = self._history_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        history_model = versions.event_model(self.model)
        event = get_object_or_404(
            history_model, pk=event_id, pgh_obj_id=obj.pk, pgh_label__in=["insert", "update"]
        )
        changes = versions.version_changes(obj, event)
        opts = self.opts
        history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)]
        )
        if request.method == "POST":
            self._restore(request, obj, event, changes)
            return redirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revenir à une version de « %(record)s »") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "event": event,
            "changes": versions.readable_changes(changes),
            "history_url": history_url,
        }
        return TemplateResponse(request, "admin/record_restore.html", context)

    def _restore(self, request, obj, event, changes):
        version = formats.date_format(timezone.localtime(event.pgh_created_at), "DATETIME_FORMAT")
        if not changes:
            messages.info(
                request,
                gettext("« %(record)s » est déjà dans l'état du %(when)s : rien à rétablir.")
                % {"record": obj, "when": version},
            )
            return
        for model_field, _current, value in changes:
            setattr(obj, model_field.attname, value)
        problem = self._restore_problem(request, obj)
        if problem:
            messages.error(
                request,
                gettext("« %(record)s » n'a pas été rétabli dans l'état du %(when)s : %(why)s")
                % {"record": obj, "when": version, "why": problem},
            )
            return
        names = [model_field.name for model_field, _c, _v in changes]
        if not self.save_version(request, obj, event, names):
            return  # proposed for review (core.admin.revisions), which says so
        messages.success(
            request,
            gettext("« %(record)s » est revenu à l'état du %(when)s (%(fields)s).")
            % {
                "record": obj,
                "when": version,
                "fields": ", ".join(str(f.verbose_name) for f, _c, _v in changes),
            },
        )

    def save_version(self, request, obj, event, names) -> bool:
        """Save ``obj`` given back the ``names`` fields of the history ``event``; return
        whether it was saved."""
        with transaction.atomic(), pghistory.context(restored_version=event.pgh_id):
            obj.save()
        return True

    def _restore_problem(self, request, obj) -> str:
        """Why the version cannot be saved (out of scope, or no longer valid), or ""."""
        scope = scope_of(request.user)
        if self.territory_fields and not scope.everything:
            territory = next(
                (getattr(obj, name) for name in self.territory_fields if getattr(obj, name)),
                None,
            )
            if territory is None or not scope.covers(
                territory.region_code, territory.department_code
            ):
                return gettext("cette version est hors de votre périmètre.")
        if not scope.everything and (field := self._unreachable_relation(request, obj)):
            return gettext(
                "cette version désigne, pour « %(field)s », une fiche hors de votre périmètre."
            ) % {"field": field.verbose_name}
        try:
            obj.full_clean()
        except ValidationError as error:
            return " ".join(
                f"{capfirst(self.model._meta.get_field(name).verbose_name)} : {message}"
                if name != "__all__" and name in {f.name for f in self.model._meta.fields}
                else message
                for name, messages_ in error.message_dict.items()
                for message in messages_
            )
        return ""

    def _unreachable_relation(self, request, obj):
        """The first field of ``obj`` pointing to a record the user may not point to: one
        they may not see, or, for the record it belongs to (``owner_fields``), one they may
        not change."""
        for model_field in obj._meta.concrete_fields:
            value = getattr(obj, model_field.attname)
            if not model_field.is_relation or value is None:
                continue
            records = model_field.related_model._default_manager
            if model_field.name in self.owner_fields:
                records = records.within_scope(request.user)
            elif hasattr(records, "for_user"):
                records = records.for_user(request.user)
            else:
                continue
            if not records.filter(pk=value).exists():
                return model_field
        return None
