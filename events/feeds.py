from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.feeds import AtomMixin, ListingFeed
from events.enums import Period
from events.filters import EventListing
from events.models import Event


class NewEventsListing(EventListing):
    """Every published event, upcoming or past: the feed is of what is new on the portal."""

    def __init__(self, request, queryset, fixed=None):
        super().__init__(request, queryset, fixed, when=Period.ALL)


class EventFeed(ListingFeed):
    listing_class = NewEventsListing
    title_prefix = _("Nouveaux événements")
    list_url = reverse_lazy("events:event_list")

    def records(self):
        return Event.objects.published()

    def item_description(self, event):
        return f"{event.when}. {event.summary}" if event.summary else event.when


class EventAtomFeed(AtomMixin, EventFeed):
    pass
