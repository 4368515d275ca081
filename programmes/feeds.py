from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.feeds import AtomMixin, ListingFeed
from programmes.filters import ProgrammeListing
from programmes.models import Programme


class ProgrammeFeed(ListingFeed):
    listing_class = ProgrammeListing
    title_prefix = _("Nouveaux programmes")
    list_url = reverse_lazy("programmes:programme_list")

    def records(self):
        return Programme.objects.published()


class ProgrammeAtomFeed(AtomMixin, ProgrammeFeed):
    pass
