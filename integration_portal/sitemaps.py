"""sitemap.xml: every published record and the site's pages, each at its French address with
its English alternate (hreflang), in sections of at most 50 000 addresses (an index lists
them). Records are read a page of the section at a time (Django's own multilingual sitemaps
would hold a whole section in memory: 200 000 organisations)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from events.models import Event
from partners.models import Organisation
from programmes.models import Programme, Scheme
from reference import territories


class PortalSitemap(Sitemap):
    languages = ["fr", "en"]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            alternates = []
            for language in self.languages:
                with translation.override(language):
                    path = self.location(url_info["item"])
                alternates.append(
                    {"location": f"{protocol}://{domain}{path}", "lang_code": language}
                )
            alternates.append({"location": alternates[0]["location"], "lang_code": "x-default"})
            url_info["alternates"] = alternates
        return urls


class RecordSitemap(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().only("pk", *self.fields).order_by("pk")

    def location(self, record):
        return record.get_absolute_url()

    def lastmod(self, record):
        return record.updated_at


class ProgrammeSitemap(RecordSitemap):
    model, fields = Programme, ("title", "updated_at")


class SchemeSitemap(RecordSitemap):
    model, fields = Scheme, ("name", "acronym", "updated_at")


class OrganisationSitemap(RecordSitemap):
    model, fields = Organisation, ("name", "acronym", "updated_at")


class EventSitemap(RecordSitemap):
    model, fields = Event, ("title", "updated_at")


class PageSitemap(PortalSitemap):
    """The lists, the territories and the pages about the site."""

    def items(self):
        pages = [
            ("home", []),
            ("programmes:programme_list", []),
            ("programmes:scheme_list", []),
            ("partners:organisation_list", []),
            ("events:event_list", []),
            ("territory_france", []),
            ("open_data", []),
            ("accessibility", []),
            ("legal_notice", []),
        ]
        pages += [("territory_region", [code]) for code in territories.regions()]
        pages += [("territory_department", [code]) for code in territories.departments()]
        return pages

    def location(self, page):
        name, args = page
        return reverse(name, args=args)


SITEMAPS = {
    "pages": PageSitemap,
    "programmes": ProgrammeSitemap,
    "dispositifs": SchemeSitemap,
    "structures": OrganisationSitemap,
    "evenements": EventSitemap,
}
