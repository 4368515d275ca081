"""The public directory of organisations: its filters, facets and sorts."""

import re

import django_filters
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState
from core.listing import (
    Facet,
    PortalFilterSet,
    Sort,
    WholeNumberFilter,
    lookup,
)
from core.search import unaccent
from partners.enums import OrganisationKind
from partners.models import Organisation
from reference.facets import TerritorialListing, territory_facets, theme_facet

IDENTIFIER_NOISE = re.compile(r"[\s.\-_/]+")
RNA = re.compile(r"W[0-9][0-9A-Z][0-9]{7}")


class OrganisationFilter(PortalFilterSet):
    type = django_filters.ChoiceFilter(field_name="kind", choices=OrganisationKind.choices)
    theme = django_filters.CharFilter(field_name="themes__slug")
    region = django_filters.CharFilter(field_name="region_code")
    departement = django_filters.CharFilter(field_name="department_code")
    reseau = WholeNumberFilter(
        field_name="memberships__network_id", label=_("identifiant du réseau (une structure)")
    )


class OrganisationListing(TerritorialListing):
    name = "structures"
    export_url_name = "partners:organisation_export"
    filterset_class = OrganisationFilter
    total_facet = "type"
    sorts = [
        Sort("pertinence", _("Pertinence"), ["-rank", "name", "id"], needs_query=True),
        Sort("nom", _("Nom"), ["name", "id"]),
    ]

    def identify(self, text):
        """An RNA number, a SIRET or a SIREN, typed with or without spaces."""
        compact = IDENTIFIER_NOISE.sub("", unaccent(text)).upper()
        if RNA.fullmatch(compact):
            return {"rna": compact}
        if compact.isdigit() and len(compact) == 14:
            return {"siret": compact}
        if compact.isdigit() and len(compact) == 9:
            return {"siren": compact}
        return None

    def get_facets(self):
        return [
            Facet(
                "type",
                _("Type de structure"),
                "kind",
                labels=lambda: dict(OrganisationKind.choices),
                single_valued=True,
            ),
            theme_facet(),
            *territory_facets(),
            Facet(
                "reseau",
                _("Réseau"),
                "memberships__network_id",
                label_fields=("memberships__network__name",),
                label_of=lambda row: row[1],
                restrict=lambda qs: qs.filter(
                    memberships__network__publication_state=PublicationState.PUBLISHED
                ),
                lookup=lookup(Organisation.objects.published()),
            ),
        ]

    def with_page_relations(self, queryset):
        return queryset.with_list_relations()
