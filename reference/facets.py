"""What the public lists share about reference data: a place named in a search
(``TerritorialListing``), and the facets of themes, regions and departments."""

from django.utils.translation import gettext_lazy as _

from core.listing import Facet, Listing, by_language, lookup
from reference import territories


class TerritorialListing(Listing):
    """A list of records placed on territories: a place named in its search (« logement
    Poitiers », « 86000 ») filters it by department (``reference.territories``)."""

    place_finder = staticmethod(territories.find_place)


def department_labels() -> dict[str, str]:
    return {code: str(place) for code, place in territories.departments().items()}


def region_labels() -> dict[str, str]:
    return {code: place.name for code, place in territories.regions().items()}


def theme_facet() -> Facet:
    """The themes of records (a ``themes`` many-to-many), named in the page's language."""
    from reference.models import Theme

    return Facet(
        "theme",
        _("Thème"),
        "themes__slug",
        label_fields=("themes__name", "themes__name_en"),
        label_of=by_language,
        lookup=lookup(Theme.objects.all(), "slug"),
    )


def territory_facets() -> list[Facet]:
    """The region and the department of records with ``TerritoryCodes``."""
    return [
        Facet("region", _("Région"), "region_code", labels=region_labels),
        Facet(
            "departement",
            _("Département"),
            "department_code",
            labels=department_labels,
            order="value",
        ),
    ]
