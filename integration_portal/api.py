"""The read-only JSON API (/api/), on Django REST framework.

Its fields are the open-data columns (``reference.opendata``: the downloads and the API say
the same things in the same words), its filters the public lists' filtersets (the same
parameters as the pages: ``theme``, ``region``, ``departement``…, and ``q`` for words), its
pages cursor-paginated (stable under inserts, no ``COUNT(*)``). drf-spectacular writes the
OpenAPI schema (/api/schema/) and its documentation page (/api/docs/), served from the
portal's own files.
"""

import django_filters
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import SimpleRateThrottle

from events.filters import EventFilter
from events.opendata import EVENTS
from events.querysets import start_of_today
from partners.filters import OrganisationFilter
from partners.opendata import ORGANISATIONS
from programmes.filters import ProgrammeFilter
from programmes.opendata import PROGRAMMES, SCHEMES
from reference.clients import client_address
from reference.models import Territory
from reference.opendata import Column, Dataset
from reference.search import search_terms, unaccent

SCHEMA_TYPES = {
    "texte": OpenApiTypes.STR,
    "entier": OpenApiTypes.INT,
    "decimal": OpenApiTypes.DECIMAL,
    "booleen": OpenApiTypes.BOOL,
    "date": OpenApiTypes.DATE,
    "date_heure": OpenApiTypes.DATETIME,
    "url": OpenApiTypes.URI,
    "page": OpenApiTypes.URI,
    "liste": {"type": "array", "items": {"type": "string"}},
}


def column_field(column: Column) -> serializers.Field:
    @extend_schema_field(SCHEMA_TYPES[column.kind])
    class ColumnField(serializers.Field):
        def to_representation(self, record):
            base = self.context["request"].build_absolute_uri("/").rstrip("/")
            return column.json_value(record, base)

    return ColumnField(source="*", read_only=True, help_text=str(column.description))


def dataset_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    fields = {column.name: column_field(column) for column in dataset.columns}
    return type(f"{dataset.key.capitalize()}Serializer", (serializers.Serializer,), fields)


class Pages(CursorPagination):
    ordering = "id"
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor is one of ours, read back: its position an identifier (404 otherwise,
        with Django REST framework's message, as for a cursor that does not decode)."""
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None and not cursor.position.isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor


class WordsFilter(django_filters.FilterSet):
    """``q``: words searched in the records' search documents (reference.search)."""

    q = django_filters.CharFilter(method="words", label=_("mots cherchés"))

    def words(self, queryset, name, value):
        terms = search_terms(value)
        if not terms:
            return queryset
        return queryset.filter(
            search_document=SearchQuery(terms.tsquery, search_type="raw", config="simple")
        )


class ProgrammeApiFilter(WordsFilter, ProgrammeFilter):
    pass


class OrganisationApiFilter(WordsFilter, OrganisationFilter):
    pass


class EventApiFilter(WordsFilter, EventFilter):
    quand = django_filters.ChoiceFilter(
        method="when",
        choices=[("a-venir", _("à venir")), ("passes", _("passés"))],
        label=_("à venir ou passés"),
    )

    def when(self, queryset, name, value):
        if value == "passes":
            return queryset.filter(end__lt=start_of_today())
        return queryset.filter(end__gte=start_of_today())


class SchemeApiFilter(WordsFilter):
    pass


class ApiThrottled(Throttled):
    default_detail = _("Trop de requêtes depuis cette adresse.")
    extra_detail_singular = _("Réessayez dans {wait} seconde.")
    extra_detail_plural = _("Réessayez dans {wait} secondes.")


class AddressRateThrottle(SimpleRateThrottle):
    """At most ``API_THROTTLE_RATE`` requests (« 120/min ») per address and process (counted
    in the process's cache), the address behind the trusted proxies only."""

    scope = "adresse"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ApiListView:
    """What the API's views share: their throttling, and the query parameters a list reads
    (``integration_portal.cache``): its filters, its pages and the format (JSON or the
    browsable page)."""

    throttle_classes = [AddressRateThrottle]

    @classproperty
    def page_parameters(cls) -> frozenset:
        return frozenset(cls.filterset_class.base_filters) | {"cursor", "taille", "format"}

    def throttled(self, request, wait):
        raise ApiThrottled(wait)


class DatasetViewSet(ApiListView, viewsets.ReadOnlyModelViewSet):
    """A dataset's published records, filtered, then read as its rows."""

    dataset: Dataset
    pagination_class = Pages

    def get_queryset(self):
        return self.dataset.records()

    def filter_queryset(self, queryset):
        return self.dataset.table(super().filter_queryset(queryset))


def dataset_viewset(dataset: Dataset, filterset_class) -> type[DatasetViewSet]:
    return type(
        f"{dataset.key.capitalize()}ViewSet",
        (DatasetViewSet,),
        {
            "__doc__": str(dataset.description),
            "dataset": dataset,
            "serializer_class": dataset_serializer(dataset),
            "filterset_class": filterset_class,
        },
    )


class TerritorySerializer(serializers.ModelSerializer):
    niveau = serializers.CharField(
        source="level", help_text=_("pays, region, departement ou commune")
    )
    nom = serializers.CharField(source="name")
    region = serializers.CharField(source="region_code", help_text=_("code INSEE de la région"))
    departement = serializers.CharField(
        source="department_code", help_text=_("code INSEE du département")
    )
    codes_postaux = serializers.ListField(
        source="postcodes", child=serializers.CharField(), help_text=_("communes seulement")
    )

    class Meta:
        model = Territory
        fields = ["id", "code", "niveau", "nom", "region", "departement", "codes_postaux"]


class TerritoryFilter(django_filters.FilterSet):
    niveau = django_filters.CharFilter(field_name="level")
    region = django_filters.CharFilter(field_name="region_code")
    departement = django_filters.CharFilter(field_name="department_code")
    code = django_filters.CharFilter(field_name="code")
    nom = django_filters.CharFilter(method="named")

    def named(self, queryset, name, value):
        return queryset.filter(name__plain__icontains=unaccent(value))


class TerritoryViewSet(ApiListView, viewsets.ReadOnlyModelViewSet):
    """France, ses régions, ses départements et ses communes, avec leurs codes INSEE."""

    queryset = Territory.objects.order_by("id")
    serializer_class = TerritorySerializer
    filterset_class = TerritoryFilter
    pagination_class = Pages


router = routers.DefaultRouter()
router.register("programmes", dataset_viewset(PROGRAMMES, ProgrammeApiFilter), "programme")
router.register("dispositifs", dataset_viewset(SCHEMES, SchemeApiFilter), "dispositif")
router.register("structures", dataset_viewset(ORGANISATIONS, OrganisationApiFilter), "structure")
router.register("evenements", dataset_viewset(EVENTS, EventApiFilter), "evenement")
router.register("territoires", TerritoryViewSet, "territoire")
