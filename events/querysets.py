from django.db import models
from django.utils import timezone

from reference.models import Territory
from reference.publishing import PublishableQuerySet


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "id")

    def past(self, now=None):
        """Events over, latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-id")

    def for_territory(self, territory):
        return self.filter(territory__in=Territory.objects.within(territory))

    def with_list_relations(self):
        return self.select_related("series", "commune")

    def with_detail_relations(self):
        from partners.models import Organisation
        from programmes.models import Programme

        return self.select_related("series", "commune", "territory").prefetch_related(
            "themes",
            "agenda_items",
            "resources",
            models.Prefetch(
                "organisers", queryset=Organisation.objects.published().order_by("name")
            ),
            models.Prefetch("programmes", queryset=Programme.objects.published().order_by("title")),
        )
