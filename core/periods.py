"""A period's rule, written once: its end never before its start. The database checks it (a
named constraint, ``end_not_before_start``) and forms say it on the end's field
(``PeriodModel.clean``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def end_not_before_start(name: str, start: str, end: str, required=False):
    """The constraint: ``end`` not before ``start``, either of them possibly empty unless
    ``required``."""
    condition = Q(**{f"{end}__gte": F(start)})
    if not required:
        condition = Q(**{f"{end}__isnull": True}) | Q(**{f"{start}__isnull": True}) | condition
    return models.CheckConstraint(condition=condition, name=name)


class PeriodModel(models.Model):
    """A record with a period: ``period`` names its start and end fields."""

    period: tuple[str, str] = ("start", "end")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        start, end = (getattr(self, name) for name in self.period)
        if start and end and end < start:
            raise ValidationError(
                {self.period[1]: _("La fin ne peut pas précéder le début.")},
                code="end_before_start",
            )
