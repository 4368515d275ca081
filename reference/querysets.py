from django.db import models
from django.db.models import Q

from reference.enums import TerritoryLevel


class TerritoryQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(level=TerritoryLevel.REGION)

    def departments(self):
        return self.filter(level=TerritoryLevel.DEPARTMENT)

    def communes(self):
        return self.filter(level=TerritoryLevel.COMMUNE)

    def within(self, territory):
        """The territory and every territory inside it (regions hold departments, which hold
        communes): searching a department also finds what is attached to its communes."""
        return self.filter(
            Q(pk=territory.pk)
            | Q(parent=territory)
            | Q(parent__parent=territory)
            | Q(parent__parent__parent=territory)
        )

    def get_by_natural_key(self, level, code):
        return self.get(level=level, code=code)


class ReferenceItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
