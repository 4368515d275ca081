"""The publication workflow in the admin: one action per transition on the change list (one
record or many), and the same transitions as buttons on a record's page. Each is offered only
to the roles allowed it (``change`` or ``publish_<model>``) and applies only within scope:
records out of scope refuse the whole action (403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core import revisions, workflow
from core.admin.base import ScopedModelAdmin
from core.admin.revisions import RevisionAdminMixin
from core.admin.scope import within_scope

NAMES_SHOWN = 10


def _names(records, with_state=False) -> str:
    shown = [
        f"« {record} » ({record.get_publication_state_display()})"
        if with_state
        else f"« {record} »"
        for record in records[:NAMES_SHOWN]
    ]
    if len(records) > NAMES_SHOWN:
        shown.append("…")
    return ", ".join(shown)


def _action(transition):
    def action(modeladmin, request, queryset):
        modeladmin.run_transition(request, queryset, transition)

    action.__name__ = transition.name
    action.short_description = transition.label
    action.allowed_permissions = (transition.permission,)
    return action


WORKFLOW_ACTIONS = [_action(transition) for transition in workflow.TRANSITIONS.values()]


class PublishableAdmin(RevisionAdminMixin, ScopedModelAdmin):
    """The admin of a record with a publication state (see the module's docstring); changes
    to it once live go through review (core.admin.revisions)."""

    actions = WORKFLOW_ACTIONS
    change_form_template = "admin/workflow_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        # The publication state changes only through the workflow's actions (roles, scope,
        # first publication date): never by editing the form.
        fields = list(super().get_readonly_fields(request, obj))
        names = {field.name for field in self.model._meta.fields}
        for name in ("publication_state", "published_at"):
            if name in names and name not in fields:
                fields.append(name)
        return fields

    def has_publish_permission(self, request):
        return revisions.may_publish(request.user, self.model)

    def may_apply(self, request, transition, obj=None) -> bool:
        if transition.permission == "publish":
            allowed = self.has_publish_permission(request)
        else:
            allowed = self.has_change_permission(request)
        return allowed and (obj is None or within_scope(request, obj))

    def run_transition(self, request, queryset, transition):
        if not self.may_apply(request, transition):
            raise PermissionDenied
        self.refuse_out_of_scope(request, queryset)
        moved, left = workflow.apply(transition, queryset)
        if moved:
            messages.success(
                request,
                _("%(done)s (%(count)s) : %(names)s.")
                % {"done": transition.done, "count": len(moved), "names": _names(moved)},
            )
        if left:
            messages.warning(
                request,
                _("Inchangées, leur état ne le permet pas (%(count)s) : %(names)s.")
                % {"count": len(left), "names": _names(left, with_state=True)},
            )

    # The same transitions on a record's page.
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/etat/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        transition = workflow.TRANSITIONS.get(name)
        obj = self.get_object(request, object_id)
        if transition is None or obj is None:
            raise Http404
        if not self.may_apply(request, transition, obj):
            raise PermissionDenied
        self.run_transition(request, self.get_queryset(request).filter(pk=obj.pk), transition)
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        transitions = []
        if obj is not None:
            opts = self.opts
            for transition in workflow.TRANSITIONS.values():
                if obj.publication_state in transition.sources and self.may_apply(
                    request, transition, obj
                ):
                    url = reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_transition",
                        args=[obj.pk, transition.name],
                    )
                    transitions.append({"url": url, "label": transition.label})
        extra_context = {**(extra_context or {}), "transitions": transitions}
        return super().change_view(request, object_id, form_url, extra_context)
