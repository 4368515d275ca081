from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.querysets import CorrectionReportQuerySet

RECORD_FIELDS = ["programme", "organisation", "event", "scheme"]


def _exactly_one_record() -> Q:
    condition = Q()
    for name in RECORD_FIELDS:
        condition |= Q(**{f"{name}__isnull": False}) & Q(
            **{f"{other}__isnull": True for other in RECORD_FIELDS if other != name}
        )
    return condition


class CorrectionReport(models.Model):
    """« Signaler une erreur »: what a visitor says is wrong on a public record's page.

    Staff only. The reporter's e-mail address is personal data: erased after 12 months
    (``purge_reports``). Reports reach the editors whose scope covers the record."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("événement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
    )
    scheme = models.ForeignKey(
        "programmes.Scheme",
        verbose_name=_("dispositif"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
    )
    message = models.TextField(_("ce qui est inexact"), max_length=2000)
    email = models.EmailField(_("courriel du signalement"), blank=True)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    is_handled = models.BooleanField(_("traité"), default=False)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CorrectionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        ordering = ["is_handled", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_record(), name="correction_report_one_record"
            ),
        ]
        indexes = [models.Index(fields=["is_handled", "created_at"], name="report_handled_idx")]

    def __str__(self):
        return f"{self.record} ({self.created_at:%d/%m/%Y})"

    @property
    def record(self):
        return next(
            (getattr(self, name) for name in RECORD_FIELDS if getattr(self, f"{name}_id")), None
        )


class ReviewDigest(models.Model):
    """A day's digest e-mailed to a reviewer of what waits for them: one a day at most."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        verbose_name = _("récapitulatif de relecture")
        verbose_name_plural = _("récapitulatifs de relecture")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="review_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.user} ({self.sent_on:%Y-%m-%d})"
