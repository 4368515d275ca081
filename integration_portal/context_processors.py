from urllib.parse import urlencode

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.parameters import page_query


def portal(request):
    """The portal's name, and the current page in each language (the language switch and
    the ``hreflang`` alternates keep the page's filters, and only the parameters the page
    reads: a cached page is the same for every address that differs by others)."""
    current = get_language()
    query = urlencode(page_query(request))
    path = f"{request.path}?{query}" if query else request.path
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # The page's address without its sort and page number (the same content).
        "canonical_url": request.build_absolute_uri(canonical_path(request)),
        "terms": None,  # the words a page's search found, to highlight (search pages set it)
        # The breadcrumb's optional parts (_breadcrumb.html).
        "parent_url": None,
        "parent_label": None,
        "current_lang": None,
        "languages": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }


def canonical_path(request) -> str:
    """The page's address without its sort and page number (the same content)."""
    query = urlencode([(k, v) for k, v in page_query(request) if k not in ("tri", "page")])
    return f"{request.path}?{query}" if query else request.path
