"""What places a record on a territory: its region's and department's codes, kept by the
database from its territory (``TerritoryCodes``, ``copy_territory_codes``), and the records
attached to a territory or inside it (``TerritorialQuerySet.for_territory``)."""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.enums import TerritoryLevel


class TerritorialQuerySet(models.QuerySet):
    def for_territory(self, territory):
        """What is attached to a territory or to a territory inside it (records with
        ``TerritoryCodes``): France holds everything, a region its departments and their
        communes, a department its communes. ``territory`` has a ``level`` and a ``code``."""
        if territory.level == TerritoryLevel.REGION:
            return self.filter(region_code=territory.code)
        if territory.level == TerritoryLevel.DEPARTMENT:
            return self.filter(department_code=territory.code)
        if territory.level == TerritoryLevel.COMMUNE:
            return self.filter(territory__level=territory.level, territory__code=territory.code)
        return self.all()


class TerritoryCodes(models.Model):
    """The region and department a record is attached to, copied by the database from its
    territory (:func:`copy_territory_codes`), so that lists filter and count by territory on
    the record's own indexed columns: a department's list also holds what is attached to
    its communes, a region's what is attached to its departments and communes."""

    region_code = models.CharField(_("code de la région"), max_length=2, blank=True, editable=False)
    department_code = models.CharField(
        _("code du département"), max_length=3, blank=True, editable=False
    )

    class Meta:
        abstract = True


def copy_territory_codes(*columns: str) -> pgtrigger.Trigger:
    """The trigger filling ``TerritoryCodes`` from the first territory column that is set."""
    territory = ", ".join(f"NEW.{column}" for column in columns)
    return pgtrigger.Trigger(
        name="territory_codes",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf(*columns),
        func=f"""
            SELECT coalesce(territory.region_code, ''), coalesce(territory.department_code, '')
            INTO NEW.region_code, NEW.department_code
            FROM (SELECT NULL) AS nothing
            LEFT JOIN reference_territory AS territory ON territory.id = coalesce({territory});
            RETURN NEW;
        """,
    )
