"""The query parameters a public page reads, declared on its view: the page cache keys pages
by them only (``integration_portal.cache``), and the page's own addresses are built from them
(canonical, other language)."""


def reads_parameters(*sources):
    """Declare the query parameters a view reads, for the cache's keys and the page's own
    addresses (canonical, other language): names, or lists (``reference.listing.Listing``
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
