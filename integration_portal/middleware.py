"""Requests refused before any work: an address holding control characters."""

import re

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

# Characters no page, feed or database text may hold: the C0 controls but tab and line ends
# (XML 1.0 refuses them; PostgreSQL refuses NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RefuseControlCharacters:
    """An address (path or query string, once decoded) holding a control character is answered
    400 with the error page (``integration_portal.views.errors.bad_request``), or under
    /api/ with the API's JSON, naming the parameters: no filter, title or query ever sees
    one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = [
            key
            for key, values in request.GET.lists()
            if CONTROL_CHARACTERS.search(key)
            or any(CONTROL_CHARACTERS.search(value) for value in values)
        ]
        in_path = bool(CONTROL_CHARACTERS.search(request.path))
        if not refused and not in_path:
            return self.get_response(request)
        if request.path.startswith("/api/") and in_path:  # an address naming nothing
            return JsonResponse(
                {"detail": str(_("L'API n'a rien à cette adresse."))},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        if request.path.startswith("/api/"):  # the API's 400, as its schema declares it
            reason = _("Ce paramètre contient un caractère de contrôle.")
            return JsonResponse(
                {name: [str(reason)] for name in refused},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        raise BadRequest("control character in the address")
