from django.db.models import Q

from core.scoping import ReferenceQuerySet, scope_of
from reference.enums import TerritoryLevel


class TerritoryQuerySet(ReferenceQuerySet):
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

    def placeable_by(self, user):
        """The territories a user may attach records to: those within their scope."""
        return self.filter(scope_of(user).q())


class ReferenceItemQuerySet(ReferenceQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
