"""The read-only JSON API (/api/), on Django REST framework.

Its fields are the open-data columns (``core.opendata``: the downloads and the API say
the same things in the same words), its filters the public lists' filtersets (the same
parameters as the pages: ``theme``, ``region``, ``departement``…, and ``q`` for words), its
pages cursor-paginated (stable under inserts, no ``COUNT(*)``). drf-spectacular writes the
OpenAPI schema (/api/schema/) and its documentation page (/api/docs/), served from the
portal's own files.

The API does what its schema says (schemathesis checks it in the test suite): a value that
may be missing is declared nullable, identifiers are integers with their bounds, and a
malformed parameter is refused (400) with the reason, parameter by parameter, where the
pages ignore it; an unknown record is a 404. Answers are in French, the API's only language
(it has no /en/ address).
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as FormValidationError
from django.http import Http404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import SimpleRateThrottle

from core import kinds
from core.clients import client_address
from core.downloads import content_disposition
from core.enums import ColumnKind
from core.opendata import Column, Dataset
from core.search import search_terms, unaccent
from events.enums import Period
from events.filters import EventFilter
from events.querysets import start_of_today
from partners.filters import OrganisationFilter
from programmes.filters import ProgrammeFilter
from reference.enums import TerritoryLevel
from reference.models import Territory

SCHEMA_TYPES = {
    ColumnKind.TEXT: build_basic_type(OpenApiTypes.STR),
    ColumnKind.INTEGER: build_basic_type(OpenApiTypes.INT),
    ColumnKind.DECIMAL: build_basic_type(OpenApiTypes.DECIMAL),
    ColumnKind.BOOLEAN: build_basic_type(OpenApiTypes.BOOL),
    ColumnKind.DATE: build_basic_type(OpenApiTypes.DATE),
    ColumnKind.DATETIME: build_basic_type(OpenApiTypes.DATETIME),
    ColumnKind.URL: build_basic_type(OpenApiTypes.URI),
    ColumnKind.PAGE: build_basic_type(OpenApiTypes.URI),
    ColumnKind.LIST: {"type": "array", "items": {"type": "string"}},
}


def column_schema(column: Column) -> dict:
    schema = dict(SCHEMA_TYPES[column.kind])
    if column.nullable:
        schema["nullable"] = True
    return schema


def column_field(column: Column) -> serializers.Field:
    @extend_schema_field(column_schema(column))
    class ColumnField(serializers.Field):
        def to_representation(self, record):
            base = self.context["request"].build_absolute_uri("/").rstrip("/")
            return column.json_value(record, base)

    return ColumnField(source="*", read_only=True, help_text=str(column.description))


def dataset_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    fields = {column.name: column_field(column) for column in dataset.columns}
    return type(f"{dataset.key.capitalize()}Serializer", (serializers.Serializer,), fields)


class Pages(CursorPagination):
    """Pages of 50 records (``taille``: 1 to 500), by identifier, each linking the next."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 500
    page_size_query_description = _("nombre de résultats par page, de 1 à 500 (50 par défaut)")
    cursor_query_description = _(
        "la page à lire : la valeur que donnent les liens next et previous d'une page"
    )
    invalid_cursor_message = _("Ce curseur ne désigne aucune page : suivez les liens next.")

    def decode_cursor(self, request):
        """A cursor is one of ours, read back: its position an identifier (404 otherwise,
        with the message of a cursor that does not decode)."""
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None and not cursor.position.isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        field = forms.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.clean(value)
        except FormValidationError:
            message = _("La taille d'une page est un nombre entier de 1 à %(maximum)d.")
            raise ValidationError(
                {self.page_size_query_param: [message % {"maximum": self.max_page_size}]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters


class WordsFilter(django_filters.FilterSet):
    """``q``: words searched in the records' search documents (core.search)."""

    q = django_filters.CharFilter(method="words", label=_("mots cherchés"))

    def words(self, queryset, name, value):
        terms = search_terms(value)
        if not terms:
            return queryset
        return queryset.filter(search_document=terms.query())


class ProgrammeApiFilter(WordsFilter, ProgrammeFilter):
    pass


class OrganisationApiFilter(WordsFilter, OrganisationFilter):
    pass


class EventApiFilter(WordsFilter, EventFilter):
    quand = django_filters.ChoiceFilter(
        method="when",
        choices=[(p.value, p.label) for p in (Period.UPCOMING, Period.PAST)],
        label=_("à venir ou passés"),
    )

    def when(self, queryset, name, value):
        if value == Period.PAST:
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


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its records' pages: an unknown record is a 404 that says so in French (not
    Django's English « No … matches the given query. »); a parameter given twice is refused
    (each takes one value). Throttled per address; the query parameters a list reads are its
    filters and its pages (``core.cache``)."""

    pagination_class = Pages
    not_found_message = _("Aucune fiche publiée ne porte cet identifiant.")
    throttle_classes = [AddressRateThrottle]

    @classproperty
    def page_parameters(cls) -> frozenset:
        return frozenset(cls.filterset_class.base_filters) | {"cursor", "taille"}

    def throttled(self, request, wait):
        raise ApiThrottled(wait)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        names = {*self.filterset_class.base_filters, "cursor", "taille"}
        repeated = {
            name: [_("Ce paramètre prend une seule valeur ; il est donné plusieurs fois.")]
            for name, values in request.query_params.lists()
            if name in names and len(values) > 1
        }
        if repeated:
            raise ValidationError(repeated)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound(self.not_found_message) from None


class DatasetViewSet(ApiViewSet):
    """A dataset's published records, filtered, then read as its rows."""

    dataset: Dataset

    def get_queryset(self):
        return self.dataset.records()

    def filter_queryset(self, queryset):
        return self.dataset.table(super().filter_queryset(queryset))


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("ce qui n'a pas été trouvé, en français"))


# A refused request: for each parameter refused, the reasons, in French.
BAD_REQUEST = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"taille": ["La taille d'une page est un nombre entier de 1 à 500."]},
    },
    description=_("Un paramètre est mal formé : pour chacun, les raisons."),
)


# A text parameter holds no control character but tab and line ends (a refused address,
# integration_portal.middleware): NUL included, which PostgreSQL cannot store.
CONTROL_FREE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
TOO_MANY = OpenApiResponse(
    DetailSerializer, description=_("Trop de requêtes depuis cette adresse : réessayez plus tard.")
)


def documented(serializer):
    """A viewset's answers declared: the records, a refused parameter, nothing found."""
    return extend_schema_view(
        list=extend_schema(
            responses={
                200: serializer,
                400: BAD_REQUEST,
                404: OpenApiResponse(
                    DetailSerializer, description=_("Le curseur ne désigne aucune page.")
                ),
                429: TOO_MANY,
            }
        ),
        retrieve=extend_schema(
            responses={
                200: serializer,
                404: OpenApiResponse(
                    DetailSerializer, description=_("Aucune fiche publiée sous cet identifiant.")
                ),
                429: TOO_MANY,
            }
        ),
    )


def dataset_viewset(dataset: Dataset, filterset_class) -> type[DatasetViewSet]:
    serializer = dataset_serializer(dataset)
    viewset = type(
        f"{dataset.key.capitalize()}ViewSet",
        (DatasetViewSet,),
        {
            "__doc__": str(dataset.description),
            "dataset": dataset,
            "serializer_class": serializer,
            "filterset_class": filterset_class,
        },
    )
    return documented(serializer)(viewset)


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
    niveau = django_filters.ChoiceFilter(field_name="level", choices=TerritoryLevel.choices)
    region = django_filters.CharFilter(field_name="region_code")
    departement = django_filters.CharFilter(field_name="department_code")
    code = django_filters.CharFilter(field_name="code")
    nom = django_filters.CharFilter(method="named")

    def named(self, queryset, name, value):
        return queryset.filter(name__plain__icontains=unaccent(value))


@documented(TerritorySerializer)
class TerritoryViewSet(ApiViewSet):
    """France, ses régions, ses départements et ses communes, avec leurs codes INSEE."""

    queryset = Territory.objects.order_by("id")
    serializer_class = TerritorySerializer
    filterset_class = TerritoryFilter
    not_found_message = _("Aucun territoire ne porte cet identifiant.")


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, its file named for every client (RFC 6266, core.downloads)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        filename = f"{spectacular_settings.TITLE}.{request.accepted_renderer.format}"
        response["Content-Disposition"] = content_disposition(filename, as_attachment=False)
        return response


def parameter_rules(result, generator, request, public):
    """drf-spectacular hook: what the parameters accept, said in the schema. Each may be left
    empty, which is as if it were absent (« all », as on the pages: ``?statut=``); a text may
    hold any character but NUL, which Django's form fields refuse (PostgreSQL cannot store
    it)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                parameter["allowEmptyValue"] = True
                schema = parameter["schema"]
                if schema.get("type") == "string" and not {"enum", "pattern"} & set(schema):
                    schema["pattern"] = CONTROL_FREE
    return result


class Router(routers.DefaultRouter):
    """One way to ask for a format: the Accept header (no ?format=, no .json addresses)."""

    include_format_suffixes = False


# Each kind's filters in the API (core.kinds): the lists' own, with the API's words.
API_FILTERS = {
    "programme": ProgrammeApiFilter,
    "dispositif": SchemeApiFilter,
    "structure": OrganisationApiFilter,
    "evenement": EventApiFilter,
}

router = Router()
for kind in kinds.all_kinds():
    router.register(
        kind.dataset.key, dataset_viewset(kind.dataset, API_FILTERS[kind.key]), kind.key
    )
router.register("territoires", TerritoryViewSet, "territoire")
