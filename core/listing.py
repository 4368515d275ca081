"""Public lists: filters read from the address, facets with their counts, a sort and pages.

A list is a :class:`Listing` subclass naming its filterset (django-filter), its facets and
its sorts. For each facet, the records are counted by value with every other filter applied
(each option says how many records choosing it would give), in one ``GROUP BY`` query per
facet. The number of results is read from a facet whose records have exactly one value each:
the list runs no ``COUNT(*)`` of its own. Facet counts are kept in the cache under the data
version (``core.cache``), so that turning pages recounts nothing.

The query ``q`` is read as, in this order: an identifier (a list may say how, e.g. an RNA
number), a place and words, searched in the records' search documents (``core.search``)
and ranked by relevance. A postcode, or a place named with other words (« logement
Poitiers »), filters the list by its department; a name alone may be a word too (« École »
is a commune of Savoie): it is searched as words, and the department is offered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.search import SearchTerms, search_terms

PAGE_SIZE = 20
FACET_CACHE_SECONDS = 3600
UNKNOWN_VALUE = _("valeur inconnue")


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


def by_language(row: tuple) -> str:
    """The label of a row counted with a French and an English name (themes, audiences)."""
    french, english = row[1], row[2]
    return english if english and get_language() == "en" else french


@dataclass
class Facet:
    """A filter whose values are offered with their counts.

    Records are counted by ``group_by`` (a field path), read with ``label_fields``; a value
    is named by ``labels`` (a dict from a callable) or, from its counted row, by
    ``label_of``; a selected value that nothing has any more is named by ``lookup``. A
    ``single_valued`` facet (one value per record) gives the total. ``restrict`` narrows
    what is counted (published networks only…)."""

    name: str
    label: str
    group_by: str
    labels: Callable[[], dict] | None = None
    label_fields: tuple[str, ...] = ()
    label_of: Callable[[tuple], str] | None = None
    single_valued: bool = False
    order: str = "label"  # "label", "value", "-value" or "count"
    restrict: Callable[[QuerySet], QuerySet] | None = None
    lookup: Callable[[str], str | None] | None = None
    rows: list[tuple] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)

    def count(self, queryset: QuerySet) -> list[tuple]:
        if self.restrict:
            queryset = self.restrict(queryset)
        rows = (
            queryset.order_by()
            .values_list(self.group_by, *self.label_fields)
            .annotate(count=Count("pk"))
        )
        return [tuple(row) for row in rows]

    def fill(self, rows: list[tuple], selected: str):
        self.rows = rows
        labels = self.labels() if self.labels else {}
        options = []
        for row in rows:
            if row[0] in (None, ""):  # records without a value (national ones…)
                continue
            value = str(row[0])
            label = self.label_of(row) if self.label_of else labels.get(value)
            if label:
                options.append(Option(value, str(label), row[-1], value == selected))
        if selected and not any(option.selected for option in options):
            # A value that names nothing is not repeated as given (in titles, feeds,
            # calendar names): it is « valeur inconnue ».
            label = labels.get(selected) or (self.lookup and self.lookup(selected))
            options.append(Option(selected, str(label or UNKNOWN_VALUE), 0, True))
        if self.order == "count":
            options.sort(key=lambda option: (-option.count, option.label.casefold()))
        elif self.order in ("value", "-value"):
            options.sort(key=lambda option: option.value, reverse=self.order == "-value")
        else:
            options.sort(key=lambda option: option.label.casefold())
        self.options = options

    @property
    def selected(self) -> Option | None:
        return next((option for option in self.options if option.selected), None)

    def total(self, selected: str | None) -> int:
        """The number of records counted, or of those having the selected value."""
        return sum(row[-1] for row in self.rows if selected is None or str(row[0]) == selected)


@dataclass
class Sort:
    key: str
    label: str
    order_by: list | Callable[[], list]  # a callable for orders that depend on the day
    needs_query: bool = False  # relevance: only when words are searched


# The largest identifier of a record (PostgreSQL's bigint).
LARGEST_ID = 2**63 - 1


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number between bounds: an identifier (1 to ``LARGEST_ID``), a year. The API's
    schema (drf-spectacular) declares it as an integer with those bounds."""

    field_class = forms.IntegerField

    def __init__(self, *args, minimum=1, maximum=LARGEST_ID, **kwargs):
        super().__init__(*args, min_value=minimum, max_value=maximum, **kwargs)
        schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
        if label := kwargs.get("label"):
            schema["description"] = label
        extend_schema_field(schema)(self)

    def get_max_validator(self):
        return None  # the field's own maximum


class PortalFilterSet(django_filters.FilterSet):
    """Filters from the address. A malformed value is ignored rather than refused by the
    pages: a shared address keeps working when a value disappears. The API, which reuses
    these filtersets, refuses it (400) with the reason."""

    q = django_filters.CharFilter(method="applied_by_the_listing")

    def applied_by_the_listing(self, queryset, name, value):
        return queryset


class KnownCountPaginator(Paginator):
    """A paginator told its count (from the facets) instead of running ``COUNT(*)``."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class Listing:
    """A public list for one request: ``Listing(request, queryset)``, then ``.page``,
    ``.facets``, ``.total``, ``.active_filters``, ``.wider`` (when nothing is found)."""

    name = ""
    # Where the list is downloaded (a URL name taking the format) and its news feeds.
    export_url_name = ""
    feed_url_names: dict[str, str] = {}
    filterset_class: type[PortalFilterSet] = PortalFilterSet
    total_facet = ""
    sorts: list[Sort] = []
    page_size = PAGE_SIZE
    # Parameters read besides the filters: the sort, the page, a place read as words.
    extra_parameters = ("tri", "page", "lieu")
    # ``finder(text)``: the place a query names (its ``department``, ``department_codes``,
    # the ``rest`` of the query and whether it is a ``postcode``), or None; none by default.
    place_finder: Callable | None = None

    @classmethod
    def parameter_names(cls) -> set[str]:
        """Every query parameter the list reads (``core.cache``)."""
        return set(cls.filterset_class.base_filters) | set(cls.extra_parameters)

    def __init__(self, request, queryset: QuerySet, fixed: dict | None = None):
        self.request = request
        self.queryset = queryset
        self.fixed = fixed or {}  # the page's own filters (a scheme's programmes…)
        self.params = {
            key: value.strip()
            for key, value in request.GET.items()
            if (key in self.filterset_class.base_filters or key == "tri") and value.strip()
        }
        self.keep_place_as_words = request.GET.get("lieu") == "0"
        self.query_text = self.params.get("q", "")
        self.identifier: dict | None = None
        self.place = None  # a place filtering the list (``place_finder``'s match)
        self.suggested_place = None  # a place offered only
        self.terms = SearchTerms("", "", ())
        if self.query_text:
            self._read_query()

    def identify(self, text: str) -> dict | None:
        """Filters for a query that is an identifier of this list's records, else None."""
        return None

    def _read_query(self):
        self.identifier = self.identify(self.query_text)
        if self.identifier:
            return
        text = self.query_text
        finder = self.place_finder
        if finder and not self.keep_place_as_words and "departement" not in self.params:
            match = finder(text)
            if match and match.department:
                if match.rest or match.postcode:
                    self.place, text = match, match.rest
                else:
                    self.suggested_place = match.department
        self.terms = search_terms(text)

    def filtered(self, without: str | None = None) -> QuerySet:
        """The records with every filter, or every filter but ``without``."""
        data = {k: v for k, v in self.params.items() if k != without}
        queryset = self.filterset_class(data, queryset=self.queryset).qs
        if self.fixed:
            queryset = queryset.filter(**self.fixed)
        if without == "q":
            return queryset
        if self.identifier:
            queryset = queryset.filter(**self.identifier)
        if self.place and without != "departement":
            queryset = queryset.filter(department_code__in=self.place.department_codes)
        if self.terms:
            queryset = queryset.filter(search_document=self.search_query)
        return queryset

    @cached_property
    def search_query(self) -> SearchQuery:
        return self.terms.query()

    @property
    def searching_words(self) -> bool:
        return bool(self.terms)

    # Facets.

    def get_facets(self) -> list[Facet]:
        raise NotImplementedError

    @cached_property
    def facets(self) -> list[Facet]:
        facets = self.get_facets()
        rows = self._facet_rows(facets)
        for facet in facets:
            facet.fill(rows[facet.name], self.params.get(facet.name, ""))
        return facets

    def _facet_rows(self, facets) -> dict[str, list[tuple]]:
        def count():
            return {facet.name: facet.count(self.filtered(without=facet.name)) for facet in facets}

        version = getattr(self.request, "data_version", None)
        if version is None:  # staff: counted afresh
            return count()
        described = sorted((k, v) for k, v in self.params.items() if k not in ("page", "tri"))
        described += sorted((k, str(v)) for k, v in self.fixed.items())
        described.append(("lieu", "0" if self.keep_place_as_words else ""))
        key = f"facets:{version}:{self.name}:{urlencode(described)}"
        return cache.get_or_set(key, count, FACET_CACHE_SECONDS)

    def facet(self, name: str) -> Facet:
        return next(facet for facet in self.facets if facet.name == name)

    @cached_property
    def total(self) -> int:
        return self.facet(self.total_facet).total(self.params.get(self.total_facet))

    # Sort and page.

    @property
    def sort_options(self) -> list[Sort]:
        return [sort for sort in self.sorts if self.searching_words or not sort.needs_query]

    @cached_property
    def sort(self) -> Sort:
        options = self.sort_options
        return next((s for s in options if s.key == self.params.get("tri")), options[0])

    @cached_property
    def page(self):
        queryset = self.filtered()
        if self.sort.needs_query:
            queryset = queryset.annotate(rank=SearchRank(F("search_document"), self.search_query))
        order_by = self.sort.order_by() if callable(self.sort.order_by) else self.sort.order_by
        queryset = self.with_page_relations(queryset.order_by(*order_by))
        paginator = KnownCountPaginator(queryset, self.page_size, self.total)
        return paginator.get_page(self.request.GET.get("page"))

    def with_page_relations(self, queryset: QuerySet) -> QuerySet:
        return queryset

    # Addresses.

    def url(self, **changes) -> str:
        """This list's address with some parameters changed (None removes one); the page
        number is dropped unless given."""
        params = {**self.params, "page": None, **changes}
        if self.keep_place_as_words:
            params.setdefault("lieu", "0")
        query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")])
        return f"{self.request.path}?{query}" if query else self.request.path

    @property
    def query_string(self) -> str:
        """The list's filters, for the addresses of its downloads and feeds."""
        params = {k: v for k, v in self.params.items() if k not in ("page", "tri")}
        return "?" + urlencode(params) if params else ""

    @property
    def downloads(self) -> dict[str, str]:
        """The list, with its filters, as CSV and JSON."""
        if not self.export_url_name:
            return {}
        return {
            file_format: reverse(self.export_url_name, args=[file_format]) + self.query_string
            for file_format in ("csv", "json")
        }

    @property
    def feeds(self) -> dict[str, str]:
        """Its newest records with its filters, in RSS and Atom."""
        return {
            kind: reverse(name) + self.query_string for kind, name in self.feed_url_names.items()
        }

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """What the filter form keeps without showing it."""
        return [("lieu", "0")] if self.keep_place_as_words else []

    def page_url(self, number: int) -> str:
        return self.url(page=number)

    @property
    def pagination(self) -> dict:
        return pagination(self.page, self.page_url)

    @property
    def active_filters(self) -> list[dict]:
        """The filters in use, each named, with the address without it."""
        active = []
        if self.query_text:
            active.append(
                {
                    "label": _("Recherche : « %(q)s »") % {"q": self.query_text},
                    "url": self.url(q=None),
                }
            )
        for facet in self.facets:
            if facet.name in self.params:
                value = facet.selected.label if facet.selected else self.params[facet.name]
                active.append(
                    {"label": filter_label(facet, value), "url": self.url(**{facet.name: None})}
                )
        return active

    @cached_property
    def wider(self) -> list[dict]:
        """When nothing is found: the filters whose removal gives results, the narrowest
        (whose removal gives the most) first, each with that number."""
        if self.total:
            return []
        suggestions = []
        for facet in self.facets:
            if facet.name in self.params and (count := facet.total(None)):
                value = facet.selected.label if facet.selected else self.params[facet.name]
                suggestions.append(
                    {
                        "label": filter_label(facet, value),
                        "url": self.url(**{facet.name: None}),
                        "count": count,
                    }
                )
        if self.query_text and (count := self.filtered(without="q").count()):
            suggestions.append(
                {
                    "label": _("Recherche : « %(q)s »") % {"q": self.query_text},
                    "url": self.url(q=None),
                    "count": count,
                }
            )
        return sorted(suggestions, key=lambda suggestion: -suggestion["count"])

    @property
    def suggested_place_url(self) -> str:
        return self.url(q=None, departement=self.suggested_place.code)

    @property
    def without_place_url(self) -> str:
        """The same search, the place's name read as words."""
        return self.url(lieu="0")


def filter_label(facet: Facet, value: str) -> str:
    return _("%(facet)s : %(value)s") % {"facet": facet.label, "value": value}


def pagination(page, url_for: Callable[[int], str]) -> dict:
    """The links of a page of results: first, previous, next, last."""
    last = page.paginator.num_pages
    return {
        "number": page.number,
        "count": last,
        "first": url_for(1) if page.number > 1 else None,
        "previous": url_for(page.number - 1) if page.has_previous() else None,
        "next": url_for(page.number + 1) if page.has_next() else None,
        "last": url_for(last) if page.number < last else None,
    }


def lookup(queryset: QuerySet, field_name: str = "pk", label: Callable = str):
    """A facet's ``lookup``: the label of the record whose ``field_name`` is the value."""

    def find(value: str) -> str | None:
        if field_name == "pk" and not value.isdigit():
            return None
        record = queryset.filter(**{field_name: value}).first()
        return label(record) if record else None

    return find
