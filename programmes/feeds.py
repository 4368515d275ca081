from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from programmes.filters import ProgrammeListing
from programmes.models import Programme
from reference.feeds import AtomMixin, ListingFeed


class ProgrammeFeed(ListingFeed):
    listing_class = ProgrammeListing
    title_prefix = _("Nouveaux programmes")
    list_url = reverse_lazy("programmes:programme_list")

    def records(self):
        return Programme.objects.published()


class ProgrammeAtomFeed(AtomMixin, ProgrammeFeed):
    pass
