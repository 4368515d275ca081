from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """The admin in the staff member's language (their browser's), French by default.

    The public pages take their language from the address (``/en/…``), and with
    ``prefix_default_language=False`` Django's LocaleMiddleware gives every other address,
    the admin's included, the default language: this one, placed after it, reads the
    browser's for the admin only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            language = translation.get_language_from_request(request, check_path=False)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
