"""The public lists of programmes and schemes: their filters, facets and sorts."""

import datetime as dt

import django_filters
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState
from core.listing import (
    Facet,
    PortalFilterSet,
    Sort,
    WholeNumberFilter,
    by_language,
    lookup,
)
from programmes.enums import ProgrammeStatus
from programmes.models import Scheme
from reference.facets import TerritorialListing, territory_facets, theme_facet
from reference.models import Audience


class ProgrammeFilter(PortalFilterSet):
    dispositif = WholeNumberFilter(field_name="scheme_id", label=_("identifiant du dispositif"))
    theme = django_filters.CharFilter(field_name="themes__slug")
    public = django_filters.CharFilter(field_name="audiences__slug")
    region = django_filters.CharFilter(field_name="region_code")
    departement = django_filters.CharFilter(field_name="department_code")
    statut = django_filters.ChoiceFilter(field_name="status", choices=ProgrammeStatus.choices)
    annee = WholeNumberFilter(
        method="started_in", minimum=1945, maximum=2100, label=_("année de début")
    )

    def started_in(self, queryset, name, year):
        return queryset.filter(
            start_date__gte=dt.date(year, 1, 1), start_date__lt=dt.date(year + 1, 1, 1)
        )


def scheme_label(row) -> str:
    _, name, acronym, _count = row
    return acronym or name


def ending_soon():
    """Programmes still running and ending first, then those without an end, then ended ones."""
    today = timezone.localdate()
    return [
        Case(
            When(end_date__gte=today, then=Value(0)),
            When(end_date__isnull=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "end_date",
        "title",
        "id",
    ]


class ProgrammeListing(TerritorialListing):
    name = "programmes"
    export_url_name = "programmes:programme_export"
    feed_url_names = {"rss": "programmes:programme_rss", "atom": "programmes:programme_atom"}
    filterset_class = ProgrammeFilter
    total_facet = "statut"
    sorts = [
        Sort("pertinence", _("Pertinence"), ["-rank", "title", "id"], needs_query=True),
        Sort("titre", _("Titre"), ["title", "id"]),
        Sort(
            "recents", _("Les plus récents"), [F("start_date").desc(nulls_last=True), "title", "id"]
        ),
        Sort("fin", _("Fin la plus proche"), ending_soon),
    ]

    def get_facets(self):
        return [
            Facet(
                "dispositif",
                _("Dispositif"),
                "scheme_id",
                label_fields=("scheme__name", "scheme__acronym"),
                label_of=scheme_label,
                restrict=lambda qs: qs.filter(scheme__publication_state=PublicationState.PUBLISHED),
                lookup=lookup(
                    Scheme.objects.published(), label=lambda scheme: scheme.acronym or scheme.name
                ),
            ),
            theme_facet(),
            Facet(
                "public",
                _("Public visé"),
                "audiences__slug",
                label_fields=("audiences__name", "audiences__name_en"),
                label_of=by_language,
                lookup=lookup(Audience.objects.all(), "slug"),
            ),
            *territory_facets(),
            Facet(
                "statut",
                _("Statut"),
                "status",
                labels=lambda: dict(ProgrammeStatus.choices),
                single_valued=True,
            ),
            Facet(
                "annee",
                _("Année de début"),
                ExtractYear("start_date"),
                label_of=lambda row: str(row[0]),
                order="-value",
            ),
        ]

    def with_page_relations(self, queryset):
        return queryset.with_list_relations()


class SchemeProgrammeListing(ProgrammeListing):
    """A scheme's programmes, on the scheme's page."""

    name = "programmes-du-dispositif"

    def get_facets(self):
        return [facet for facet in super().get_facets() if facet.name != "dispositif"]
