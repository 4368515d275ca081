"""Requests refused before any work: an address holding control characters."""

import re

from django.core.exceptions import BadRequest

# Characters no page, feed or database text may hold: the C0 controls but tab and line ends
# (XML 1.0 refuses them; PostgreSQL refuses NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RefuseControlCharacters:
    """An address (path or query string, once decoded) holding a control character is answered
    400 with the error page (``integration_portal.views.errors.bad_request``): no filter,
    title or query ever sees one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path) or any(
            CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value)
            for key, values in request.GET.lists()
            for value in values
        ):
            raise BadRequest("control character in the address")
        return self.get_response(request)
