"""News feeds (RSS and Atom, Django's syndication framework) of a public list's newest
records, with the list's filters: a feed of the programmes on housing in Vienne is the list
/programmes/?theme=logement-hebergement&departement=86, the most recently published first
(``published_at``: a draft imported long ago and published today is news today)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_SIZE = 50


class ListingFeed(Feed):
    """Subclasses name the list (``listing_class``, ``list_url``), its records and titles."""

    listing_class = None
    title_prefix = ""
    list_url = ""

    @property
    def page_parameters(self) -> frozenset:
        """The list's parameters (``core.cache``)."""
        return frozenset(self.listing_class.parameter_names())

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.listing_class(request, self.records())

    def records(self):
        raise NotImplementedError

    def title(self, listing):
        filters = ", ".join(active["label"] for active in listing.active_filters)
        title = f"{self.title_prefix} — {_('Portail de l’intégration')}"
        return f"{title} ({filters})" if filters else title

    def link(self, listing):
        return self.list_url + listing.url().removeprefix(self.request.path)

    def description(self, listing):
        return _("Les dernières fiches publiées sur le portail de l’intégration.")

    def items(self, listing):
        return listing.with_page_relations(listing.filtered().order_by("-published_at", "-id"))[
            :FEED_SIZE
        ]

    def item_title(self, record):
        return str(record)

    def item_description(self, record):
        return getattr(record, "summary", "")

    def item_pubdate(self, record):
        return record.published_at

    def item_updateddate(self, record):
        return record.updated_at


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, listing):
        return self.description(listing)
