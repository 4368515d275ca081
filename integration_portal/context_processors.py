from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def portal(request):
    """The portal's name, and the current page in each language (the language switch and
    the ``hreflang`` alternates keep the page's filters)."""
    current = get_language()
    path = request.get_full_path()
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
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
