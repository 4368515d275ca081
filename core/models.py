"""Changes to live records waiting for review (what Wagtail calls revisions).

A staff member who may not publish (an editor) and changes a published or archived record,
in the admin or by an import, does not change it: the whole proposed state of the record
(its fields, many-to-many links and parts) is kept as a ``Revision`` until a reviewer
approves it (then applied as one change) or sends it back with a comment. The public pages,
feeds, downloads and API keep the live version meanwhile: nothing here is public data, so the
data version and the page cache do not move (``core.cache``). ``core.revisions``
says how states are read, compared and applied.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.enums import OPEN_REVISION_STATES, RevisionState, RevisionStepKind


class RevisionQuerySet(models.QuerySet):
    def open(self):
        """Waiting for a reviewer, or sent back to its authors."""
        return self.filter(state__in=OPEN_REVISION_STATES)

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def of_record(self, record):
        return self.of_model(type(record)).filter(object_id=record.pk)

    def within_scope(self, user, model):
        """The revisions of ``model``'s records within the user's scope."""
        records = model._default_manager.within_scope(user).values("pk")
        return self.of_model(model).filter(object_id__in=records)


class Revision(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    state = models.CharField(
        _("état"), max_length=10, choices=RevisionState, default=RevisionState.PENDING
    )
    # The live state the proposal was made against, and the proposal (core.revisions).
    base = models.JSONField(encoder=DjangoJSONEncoder)
    proposed = models.JSONField(encoder=DjangoJSONEncoder)
    # Each change of the proposal raises it: a form opened before a change is refused.
    version = models.PositiveIntegerField(default=1)
    comment = models.TextField(_("commentaire de la relecture"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relue par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("modification à relire")
        verbose_name_plural = _("modifications à relire")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=OPEN_REVISION_STATES),
                name="revision_one_open_per_record",
            )
        ]
        indexes = [models.Index(fields=["content_type", "state", "object_id"])]

    def __str__(self):
        return _("Modifications de « %(record)s »") % {"record": self.record}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REVISION_STATES

    def authors(self):
        """The staff who proposed or amended it, first one first."""
        seen = {}
        for step in self.steps.all():
            if step.kind in (RevisionStepKind.PROPOSED, RevisionStepKind.AMENDED) and step.user:
                seen.setdefault(step.user_id, step.user)
        return list(seen.values())


class RevisionStep(models.Model):
    """Who did what to a revision, and when: proposed, amended (with the fields changed),
    sent back (with the reviewer's comment), approved, withdrawn."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("étape"), max_length=10, choices=RevisionStepKind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    fields = models.JSONField(_("champs modifiés"), default=list, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("étape de relecture")
        verbose_name_plural = _("étapes de relecture")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class DataVersion(models.Model):
    """A number the database raises when a transaction that changed public data commits
    (``core.cache``): cached pages carry the number they were made with."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("version des données publiques")
        verbose_name_plural = _("versions des données publiques")

    def __str__(self):
        return str(self.version)


class JobError(models.Model):
    """A background job's failure (core.jobs): which job, at which attempt, and its error, so
    that the admin's list of jobs says why one failed (procrastinate keeps no error)."""

    job_id = models.BigIntegerField(_("tâche"), db_index=True)
    task_name = models.CharField(_("nom de la tâche"), max_length=128)
    attempt = models.PositiveIntegerField(_("essai"))
    at = models.DateTimeField(_("le"), auto_now_add=True)
    error = models.TextField(_("erreur"))
    traceback = models.TextField(_("trace"), blank=True)

    class Meta:
        verbose_name = _("erreur d'une tâche")
        verbose_name_plural = _("erreurs des tâches")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.task_name} #{self.job_id} ({self.attempt}) : {self.error}"
