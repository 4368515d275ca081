from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone

from core.publishing import PublishableQuerySet
from core.scoping import ReferenceQuerySet, ScopedQuerySet
from reference.territorial import TerritorialQuerySet

PARIS = ZoneInfo("Europe/Paris")


def start_of_today():
    """Midnight in Paris: events of the day stay among the upcoming ones until it ends (and
    pages kept in the cache change with the date, not the minute)."""
    return timezone.localtime(timezone=PARIS).replace(hour=0, minute=0, second=0, microsecond=0)


class EventQuerySet(TerritorialQuerySet, PublishableQuerySet):
    def upcoming(self, today=None):
        """Events not over before today, soonest first."""
        return self.filter(end__gte=today or start_of_today()).order_by("start", "id")

    def past(self, today=None):
        """Events over before today, latest first."""
        return self.filter(end__lt=today or start_of_today()).order_by("-start", "-id")

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
            models.Prefetch(
                "programmes",
                queryset=Programme.objects.published()
                .select_related("lead_organisation")
                .order_by("title"),
            ),
        )


class EventSeriesQuerySet(ReferenceQuerySet):
    """Series are national: seen by all staff, changed by administrators."""


class EventPartQuerySet(ScopedQuerySet):
    """An event's agenda items and resources follow their event."""

    scope_path = "event__"
