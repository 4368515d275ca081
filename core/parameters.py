"""The query parameters a public page reads, declared on its view: the page cache keys pages
by them only (``core.cache``), and the page's own addresses are built from them
(canonical, other language)."""

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation


def reads_parameters(*sources):
    """Declare the query parameters a view reads, for the cache's keys and the page's own
    addresses (canonical, other language): names, or lists (``core.listing.Listing``
    subclasses) whose parameters are theirs. Other parameters change nothing on the page:
    two addresses that differ only by them are one page."""
    names = set()
    for source in sources:
        names |= {source} if isinstance(source, str) else set(source.parameter_names())

    def declare(view):
        view.page_parameters = frozenset(names)
        return view

    return declare


def declared_parameters(view) -> frozenset | None:
    """The parameters a resolved view declares (a function, a Feed instance, a class-based
    view or viewset by its class), or None."""
    for holder in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        names = getattr(holder, "page_parameters", None)
        if names is not None:
            return names
    return None


def resolved_view(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
    return match.func


def page_query(request) -> list[tuple[str, str]]:
    """The parameters of the request the page reads (all of them for a view that declares
    none), without empty values, sorted by name: the page's address."""
    view = resolved_view(request)
    names = declared_parameters(view) if view else None
    return sorted(
        (name, value)
        for name, values in request.GET.lists()
        if names is None or name in names
        for value in values
        if value.strip()
    )
