"""Changes to live records go through review, in the admin (``core.revisions``).

- **Proposing.** A staff member without the ``publish_<model>`` permission (an editor) who
  saves a published or archived record does not change it: the form and its inlines are
  validated as usual, then their whole proposed state is kept as a ``Revision`` (« Modifications
  à relire »). The public site keeps the live version. Restoring an earlier version proposes
  it the same way.
- **Amending.** While a revision is open, the record's page shows the proposal (fields, links,
  parts) to those who may amend it, with a notice; saving amends it, each step recording who
  changed which fields. A form opened before someone else's change to the proposal is refused
  (no silent overwrite).
- **Reviewing.** The revision's page shows, field by field, what would change from the live
  version. A reviewer within scope approves (applied as one change, the history naming the
  reviewer and the authors) or sends it back with a comment, which the authors see on the
  record and on their dashboard; an editor may withdraw it. Authors are told by e-mail.
- Reviewers and administrators change live records directly.
"""

import pghistory
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import revisions
from core.admin.scope import within_scope
from core.admin.versions import Display, word_diff
from core.enums import RevisionState, RevisionStepKind
from core.mail import one_line, send
from core.models import Revision, RevisionStep

# Past this length, a changed text is also shown word by word.
WORDS_AT = 80


class RevisionFilter(admin.SimpleListFilter):
    """« Modifications à relire »: records with a change waiting for review, or sent back."""

    title = _("modifications proposées")
    parameter_name = "modifications"

    def lookups(self, request, model_admin):
        return [
            (RevisionState.PENDING, _("À relire")),
            (RevisionState.SENT_BACK, _("Renvoyées à leur auteur")),
        ]

    def queryset(self, request, queryset):
        if self.value() in (RevisionState.PENDING, RevisionState.SENT_BACK):
            waiting = Revision.objects.of_model(queryset.model).filter(state=self.value())
            return queryset.filter(pk__in=waiting.values("object_id"))
        return queryset


class RevisionAdminMixin:
    """The review of changes to live records (see the module's docstring). Needs
    ``has_publish_permission`` and the scoped admin's permissions."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), RevisionFilter]

    def revision_shape(self):
        return revisions.Shape.of(self.model)

    def proposes(self, request, obj) -> bool:
        """Whether the user's changes to ``obj`` wait for review."""
        return revisions.proposes(request.user, obj)

    @staticmethod
    def open_revision(obj):
        return (
            Revision.objects.open()
            .of_record(obj)
            .select_related("created_by", "reviewed_by")
            .first()
        )

    def _url(self, name, obj, *args):
        """The address of one of ``obj``'s admin pages (``obj`` or its id)."""
        opts = self.opts
        pk = getattr(obj, "pk", obj)
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[quote(pk), *args])

    # The record's page: the proposal, to those who may amend it.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # Shown to the staff who answer for the record only.
        seen = obj is not None and within_scope(request, obj)
        revision = self.open_revision(obj) if seen else None
        amending = (
            revision is not None
            and self.proposes(request, obj)
            and self.has_change_permission(request, obj)
        )
        if amending:
            shape = self.revision_shape()
            live = revisions.live_state(shape, obj)
            request._amending = revision
            request._amending_state = revisions.rebase(
                live, revisions.changes(revision.base, revision.proposed)
            )
        extra_context = {
            **(extra_context or {}),
            "revision": revision,
            "revision_url": self._url("revision", obj) if revision else "",
            "revision_authors": ", ".join(map(str, revision.authors())) if revision else "",
            "revision_token": revision_token(revision),
            "revision_sent_back": revision is not None
            and revision.state == RevisionState.SENT_BACK,
            "shows_proposal": amending,
            "proposes": obj is not None and self.proposes(request, obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        revision = getattr(request, "_amending", None)
        if obj is not None and revision is not None and revision.object_id == obj.pk:
            fields = request._amending_state["fields"]
            revisions.set_row(self.revision_shape().fields, obj, fields)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self
        links = getattr(request, "_amending_state", {}).get("links", {})

        class ProposalForm(form):
            # The proposed links are choices even for an editor who may not see them
            # (core.visibility.narrow_choices), and the form shows them, not the live ones.
            held_ids = links

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**links, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

            def clean(self):
                cleaned_data = super().clean()
                model_admin.check_revision_token(request, self)
                return cleaned_data

        ProposalForm.__name__ = form.__name__
        return ProposalForm

    def check_revision_token(self, request, form) -> None:
        """Refuse a proposal made on a page opened before another change to it (another
        revision's included). The record's row is locked until the request's transaction
        ends, so that two proposals at once are taken one after the other."""
        if not self.proposes(request, form.instance):
            return
        self.model._default_manager.select_for_update().filter(pk=form.instance.pk).exists()
        revision = self.open_revision(form.instance)
        if request.POST.get("_revision_token", "0") != revision_token(revision):
            form.add_error(
                None,
                gettext(
                    "Les modifications proposées pour cette fiche ont changé depuis que vous "
                    "avez ouvert la page : rien n'a été enregistré. Rechargez la page pour "
                    "repartir de la proposition actuelle."
                ),
            )

    # Saving: proposed instead of written.
    def save_model(self, request, obj, form, change):
        if change and self.proposes(request, obj):
            request._proposing = True
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_proposing", False):
            self.propose(request, form, formsets)
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_proposing", False):
            return []  # nothing was saved: the revision's steps say what was proposed
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not getattr(request, "_proposing", False):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_proposing", False):
            return redirect(self._url("change", obj))
        return super().response_change(request, obj)

    def propose(self, request, form, formsets) -> Revision | None:
        shape = self.revision_shape()
        record = self.model._default_manager.get(pk=form.instance.pk)
        live = revisions.live_state(shape, record)
        revision = Revision.objects.open().of_record(record).select_for_update().first()
        previous = getattr(request, "_amending_state", None) or live
        proposed = revisions.proposed_state(shape, form, formsets, previous)
        return self.save_proposal(request, record, live, revision, previous, proposed)

    def save_proposal(self, request, record, live, revision, previous, proposed):
        """Open or amend ``record``'s revision with ``proposed``, saying so to the user."""
        shape = self.revision_shape()
        step = revisions.changes(previous, proposed)
        if revisions.is_empty(step):
            messages.info(
                request, gettext("« %(record)s » : aucune modification.") % {"record": record}
            )
            return revision
        left = revisions.changes(live, proposed)
        if revision is None:
            revision = Revision(record=record, created_by=request.user, base=live)
            kind = RevisionStepKind.PROPOSED
        else:
            revision.version += 1
            kind = RevisionStepKind.AMENDED
        revision.base, revision.proposed = live, proposed
        if revisions.is_empty(left):  # every proposed change undone: nothing left to review
            revision.state = RevisionState.WITHDRAWN
        else:
            revision.state = RevisionState.PENDING
        revision.save()
        RevisionStep.objects.create(
            revision=revision, kind=kind, user=request.user, fields=_keys(step)
        )
        if revision.state == RevisionState.WITHDRAWN:
            RevisionStep.objects.create(
                revision=revision, kind=RevisionStepKind.WITHDRAWN, user=request.user
            )
            messages.info(
                request,
                gettext("« %(record)s » : plus aucune modification à relire.") % {"record": record},
            )
        else:
            messages.success(
                request,
                gettext(
                    "Vos modifications de « %(record)s » (%(fields)s) attendent la relecture : "
                    "le site public garde la version publiée jusqu'à leur approbation."
                )
                % {"record": record, "fields": ", ".join(revisions.changed_names(step, shape))},
            )
        return revision

    # Restoring a version of a live record: proposed too.
    def save_version(self, request, obj, event, names) -> bool:
        if not self.proposes(request, obj):
            return super().save_version(request, obj, event, names)
        shape = self.revision_shape()
        with transaction.atomic():
            record = self.model._default_manager.get(pk=obj.pk)
            live = revisions.live_state(shape, record)
            revision = Revision.objects.open().of_record(record).select_for_update().first()
            previous = (
                revisions.rebase(live, revisions.changes(revision.base, revision.proposed))
                if revision
                else live
            )
            restored = revisions.row([f for f in shape.fields if f.name in names], obj)
            proposed = {**previous, "fields": {**previous["fields"], **restored}}
            self.save_proposal(request, record, live, revision, previous, proposed)
        return False

    # Deleting a live record would change the public site without review.
    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not self.proposes(request, obj)

    # The revision's page and its actions.
    def get_urls(self):
        opts = self.opts
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/modifications/",
                view(self.revision_view),
                name=f"{opts.app_label}_{opts.model_name}_revision",
            ),
            path(
                "<path:object_id>/modifications/<str:action>/",
                view(self.revision_action),
                name=f"{opts.app_label}_{opts.model_name}_revision_action",
            ),
            *super().get_urls(),
        ]

    def _revision_of(self, request, object_id):
        obj = self._history_object(request, object_id)  # visible and within scope
        revision = self.open_revision(obj)
        if revision is None:
            raise Http404(gettext("Aucune modification à relire pour cette fiche."))
        return obj, revision

    def may_review(self, request, obj) -> bool:
        return self.has_publish_permission(request) and self.has_change_permission(request, obj)

    def revision_view(self, request, object_id):
        obj, revision = self._revision_of(request, object_id)
        shape = self.revision_shape()
        live = revisions.live_state(shape, obj)
        diff = revisions.changes(
            live, revisions.rebase(live, revisions.changes(revision.base, revision.proposed))
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Modifications à relire : %(record)s") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "revision": revision,
            "token": revision_token(revision),
            "sent_back": revision.state == RevisionState.SENT_BACK,
            "authors": ", ".join(map(str, revision.authors())),
            "steps": _readable_steps(shape, revision),
            "diff": readable_diff(shape, live, diff),
            "may_review": self.may_review(request, obj),
            "may_withdraw": self.has_change_permission(request, obj),
            "may_amend": self.proposes(request, obj) and self.has_change_permission(request, obj),
            "change_url": self._url("change", obj),
            "approve_url": self._url("revision_action", obj, "approuver"),
            "send_back_url": self._url("revision_action", obj, "renvoyer"),
            "withdraw_url": self._url("revision_action", obj, "retirer"),
        }
        return TemplateResponse(request, "admin/revision.html", context)

    def revision_action(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj, revision = self._revision_of(request, object_id)
        if action in ("approuver", "renvoyer"):
            if not self.may_review(request, obj):
                raise PermissionDenied
        elif action == "retirer":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        else:
            raise Http404
        try:
            done = self._decide(request, obj, revision, action)
        except IntegrityError:  # a deferred check failing at the commit
            messages.error(
                request,
                gettext("Ces modifications ne peuvent pas être appliquées : %(why)s")
                % {"why": gettext("une autre fiche utilise déjà une de ces valeurs.")},
            )
            done = False
        if not done:
            return redirect(self._url("revision", obj))
        return redirect(self._url("change", obj))

    def _decide(self, request, obj, revision, action) -> bool:
        """Apply the decision in one transaction; whether the record's page comes next (else
        the revision's, to decide again)."""
        with transaction.atomic():
            revision = Revision.objects.select_for_update().get(pk=revision.pk)
            if not revision.is_open:
                messages.warning(request, gettext("Ces modifications ont déjà été relues."))
                return True  # nothing left to decide: back to the record
            if request.POST.get("token") != revision_token(revision):
                messages.error(
                    request,
                    gettext(
                        "Ces modifications ont changé depuis que vous les avez ouvertes : "
                        "relisez-les avant de décider."
                    ),
                )
                return False
            if action == "approuver":
                return self._approve(request, obj, revision)
            if action == "renvoyer":
                return self._send_back(request, revision)
            return self._close(request, revision, RevisionState.WITHDRAWN)

    def _approve(self, request, obj, revision) -> bool:
        shape = self.revision_shape()
        record = self.model._default_manager.select_for_update().get(pk=obj.pk)
        live = revisions.live_state(shape, record)
        diff = revisions.changes(
            live, revisions.rebase(live, revisions.changes(revision.base, revision.proposed))
        )
        authors = revision.authors()
        try:
            with (
                transaction.atomic(),
                pghistory.context(revision=revision.pk, proposed_by=[a.pk for a in authors]),
            ):
                revisions.validate(shape, record, diff)
                revisions.write(shape, record, diff)
        except (ValidationError, IntegrityError) as error:
            messages.error(
                request,
                gettext("Ces modifications ne peuvent pas être appliquées : %(why)s")
                % {"why": _reasons(error, shape)},
            )
            return False
        self._close(request, revision, RevisionState.APPROVED)
        messages.success(
            request,
            gettext("Modifications de « %(record)s » approuvées : elles sont en ligne.")
            % {"record": record},
        )
        return True

    def _send_back(self, request, revision) -> bool:
        comment = request.POST.get("comment", "").strip()
        if not comment:
            messages.error(
                request,
                gettext("Dites à l'auteur ce qui doit changer : le commentaire est obligatoire."),
            )
            return False
        self._close(request, revision, RevisionState.SENT_BACK, comment)
        messages.success(request, gettext("Modifications renvoyées à leur auteur."))
        return True

    def _close(self, request, revision, state, comment="") -> bool:
        kind = {
            RevisionState.APPROVED: RevisionStepKind.APPROVED,
            RevisionState.SENT_BACK: RevisionStepKind.SENT_BACK,
            RevisionState.WITHDRAWN: RevisionStepKind.WITHDRAWN,
        }[state]
        revision.state, revision.comment = state, comment
        if state != RevisionState.WITHDRAWN:
            revision.reviewed_by, revision.reviewed_at = request.user, timezone.now()
        else:
            messages.success(request, gettext("Modifications retirées."))
        revision.save()
        RevisionStep.objects.create(
            revision=revision, kind=kind, user=request.user, comment=comment
        )
        if state != RevisionState.WITHDRAWN:
            link = request.build_absolute_uri(self._url("change", revision.object_id))
            transaction.on_commit(lambda: tell_authors(revision, link))
        return True


def revision_token(revision) -> str:
    """What a page shows of the proposal it was made from: which revision, which version."""
    return f"{revision.pk}.{revision.version}" if revision else "0"


def _keys(diff) -> list[str]:
    return [*diff["fields"], *diff["links"], *diff["parts"]]


def _reasons(error, shape) -> str:
    if isinstance(error, IntegrityError):
        return gettext("une autre fiche utilise déjà une de ces valeurs.")
    reasons = []
    for name, texts in error.message_dict.items():
        for text in texts:
            try:
                label = capfirst(shape.field(name).verbose_name)
            except FieldDoesNotExist:  # a rule on several fields
                label = ""
            reasons.append(f"{label} : {text}" if label else text)
    return " ".join(reasons)


def _readable_steps(shape, revision):
    steps = []
    for step in revision.steps.select_related("user"):
        names = []
        for key in step.fields:
            part = shape.part(key)
            if part is not None:
                names.append(str(part.model._meta.verbose_name_plural))
            else:
                try:
                    names.append(str(shape.field(key).verbose_name))
                except FieldDoesNotExist:  # a field since removed from the model
                    names.append(key)
        steps.append(
            {
                "when": step.at,
                "who": step.user or gettext("compte supprimé"),
                "what": step.get_kind_display(),
                "fields": ", ".join(names),
                "comment": step.comment,
            }
        )
    return steps


def readable_diff(shape, live, diff) -> dict:
    """What ``diff`` changes from ``live``, as people read it: fields (before, after), links
    (added, removed), parts (added, removed, changed with their fields)."""
    return ReadableDiff(shape, live, diff).as_dict()


class ReadableDiff:
    """``readable_diff``'s work: the records named in the changes are read once for all."""

    def __init__(self, shape, live, diff):
        self.shape, self.live, self.diff = shape, live, diff
        self.display = Display(text_shown=None)  # a reviewer reads every word
        for name, (old, new) in diff["fields"].items():
            self._want(shape.field(name), old, new)
        for name, link in diff["links"].items():
            self._want(shape.field(name), *link["added"], *link["removed"])
        for key, part_diff in diff["parts"].items():
            for values in self._part_rows(key, part_diff):
                for field in shape.part(key).fields:
                    self._want(field, values.get(field.name))
        self.display.load()

    @staticmethod
    def _value(field, raw):
        return field.to_python(raw) if raw is not None else None

    def _want(self, field, *raws):
        for raw in raws:
            self.display.want(field, self._value(field, raw))

    def _part_rows(self, key, part_diff):
        before = self.live["parts"][key]
        yield from part_diff["added"]
        yield from (before[pk] for pk in (*part_diff["removed"], *part_diff["changed"]))
        for changed in part_diff["changed"].values():
            yield {name: new for name, (_old, new) in changed.items()}

    def shown(self, field, raw) -> str:
        return self.display(field, self._value(field, raw))

    def _change(self, field, old, new) -> dict:
        change = {
            "field": capfirst(field.verbose_name),
            "before": self.shown(field, old),
            "after": self.shown(field, new),
            "words": None,
        }
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > WORDS_AT:
            change["words"] = word_diff(old, new)  # where a long text changes
        return change

    def as_dict(self) -> dict:
        shape, diff = self.shape, self.diff
        links = [
            {
                "field": capfirst(shape.field(name).verbose_name),
                "added": [self.display(shape.field(name), pk) for pk in link["added"]],
                "removed": [self.display(shape.field(name), pk) for pk in link["removed"]],
            }
            for name, link in diff["links"].items()
        ]
        return {
            "fields": [
                self._change(shape.field(name), old, new)
                for name, (old, new) in diff["fields"].items()
            ],
            "links": links,
            "parts": [
                {
                    "label": capfirst(shape.part(key).model._meta.verbose_name_plural),
                    "entries": self._part_entries(key, part_diff),
                }
                for key, part_diff in diff["parts"].items()
            ],
        }

    def _part_entries(self, key, part_diff) -> list[dict]:
        part, before = self.shape.part(key), self.live["parts"][key]
        entries = [
            {"what": gettext("Ajout"), "subject": self._summary(part, values), "changes": []}
            for values in part_diff["added"]
        ]
        entries += [
            {"what": gettext("Retrait"), "subject": self._summary(part, before[pk]), "changes": []}
            for pk in part_diff["removed"]
        ]
        for pk, changed in part_diff["changed"].items():
            fields = part.model._meta
            changes = [
                self._change(fields.get_field(name), old, new)
                for name, (old, new) in changed.items()
            ]
            entries.append(
                {
                    "what": gettext("Modification"),
                    "subject": self._summary(part, before[pk]),
                    "changes": changes,
                }
            )
        return entries

    def _summary(self, part, values) -> str:
        """The part's name, as its model says it (a figure: « 23 familles logées »)."""
        child = part.model()
        revisions.set_row(part.fields, child, values)
        try:
            return str(child)
        except ObjectDoesNotExist:  # a name needing a record since deleted
            return " · ".join(
                self.shown(f, values.get(f.name)) for f in part.fields if values.get(f.name)
            )


def tell_authors(revision, link) -> int:
    """E-mail the revision's authors that it was approved or sent back."""
    addresses = sorted({a.email for a in revision.authors() if a.email and a.is_active})
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        name = one_line(revision.record)
        if revision.state == RevisionState.APPROVED:
            subject = gettext("Modifications approuvées : %(record)s") % {"record": name}
            lines = [
                gettext(
                    "Vos modifications de la fiche « %(record)s » ont été approuvées par "
                    "%(reviewer)s : elles sont en ligne."
                )
                % {"record": name, "reviewer": revision.reviewed_by},
            ]
        else:
            subject = gettext("Modifications renvoyées : %(record)s") % {"record": name}
            lines = [
                gettext("%(reviewer)s vous renvoie vos modifications de la fiche « %(record)s » :")
                % {"record": name, "reviewer": revision.reviewed_by},
                revision.comment,
            ]
        lines.append(gettext("La fiche dans l'administration : %(link)s") % {"link": link})
    return send(
        [(subject, "\n\n".join(lines), [address]) for address in addresses],
        f"Relecture {revision.pk}",
    )
