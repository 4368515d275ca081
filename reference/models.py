import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.codes import COMMUNE_CODE, DEPARTMENT_CODE, REGION_CODE
from core.history import tracked
from reference.enums import TerritoryLevel
from reference.querysets import ReferenceItemQuerySet, TerritoryQuerySet


class Territory(models.Model):
    """France, a region, a department or a commune, keyed by its INSEE (COG) code."""

    level = models.CharField(_("niveau"), max_length=12, choices=TerritoryLevel)
    code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    postcodes = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("codes postaux"),
        default=list,
        blank=True,
        help_text=_("Communes seulement."),
    )
    # The region and department a territory lies in (itself at its own level), kept by the
    # database from the parent: records copy them to filter by territory without joins.
    region_code = models.CharField(_("code de la région"), max_length=2, blank=True, editable=False)
    department_code = models.CharField(
        _("code du département"), max_length=3, blank=True, editable=False
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="territory_level_code_unique"),
            models.CheckConstraint(
                condition=Q(level=TerritoryLevel.COUNTRY, code="FR", parent__isnull=True)
                | Q(level=TerritoryLevel.REGION, code__regex=REGION_CODE, parent__isnull=False)
                | Q(
                    level=TerritoryLevel.DEPARTMENT,
                    code__regex=DEPARTMENT_CODE,
                    parent__isnull=False,
                )
                | Q(level=TerritoryLevel.COMMUNE, code__regex=COMMUNE_CODE, parent__isnull=False),
                name="territory_code_matches_level",
            ),
        ]
        indexes = [models.Index(fields=["level", "name"], name="territory_level_name_idx")]
        triggers = [
            pgtrigger.Trigger(
                name="territory_codes",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("level", "code", "parent_id"),
                func="""
                    SELECT
                        CASE NEW.level
                            WHEN 'region' THEN NEW.code
                            WHEN 'departement' THEN parent.code
                            WHEN 'commune' THEN parent.region_code
                            ELSE '' END,
                        CASE NEW.level
                            WHEN 'departement' THEN NEW.code
                            WHEN 'commune' THEN parent.code
                            ELSE '' END
                    INTO NEW.region_code, NEW.department_code
                    FROM (SELECT NULL) AS nothing
                    LEFT JOIN reference_territory AS parent ON parent.id = NEW.parent_id;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        if self.level == TerritoryLevel.DEPARTMENT:
            return f"{self.name} ({self.code})"
        return self.name

    def natural_key(self):
        return (self.level, self.code)

    @property
    def region(self):
        """The region this territory lies in (itself for a region, None for France)."""
        territory = self
        while territory is not None and territory.level != TerritoryLevel.REGION:
            territory = territory.parent
        return territory


class ReferenceItem(models.Model):
    """An entry of a list managed by staff (themes, audiences)."""

    name = models.CharField(_("libellé"), max_length=120, unique=True)
    name_en = models.CharField(
        _("libellé en anglais"),
        max_length=120,
        blank=True,
        help_text=_("Affiché sur les pages en anglais ; à défaut, le libellé français."),
    )
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(_("en usage"), default=True)

    objects = ReferenceItemQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the page (English when given, French otherwise)."""
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name

    def natural_key(self):
        return (self.slug,)


@tracked(_("historique des thèmes"))
class Theme(ReferenceItem):
    """An axe d'intervention: logement, apprentissage du français, santé…"""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")


@tracked(_("historique des publics visés"))
class Audience(ReferenceItem):
    """A public visé: réfugiés, demandeurs d'asile, primo-arrivants…"""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("public visé")
        verbose_name_plural = _("publics visés")
