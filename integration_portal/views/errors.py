"""The error pages: 400, 403 (the CSRF failure too), 404, 500 and 503, in the site's design
and in the language of the address, saying what a visitor can do and nothing of the cause.

A database that does not answer (stopped, unreachable, every pooled connection busy past
``DATABASE_POOL_TIMEOUT``) raises ``OperationalError`` or ``InterfaceError`` wherever it is
first needed, the page cache included: Django then calls ``server_error``, which answers 503
with ``Retry-After`` instead of 500. These pages read nothing from the database.
"""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception):
    if request.path.startswith("/api/"):  # in JSON, as every answer of the API (its schema)
        return JsonResponse(
            {"detail": _("L'API n'a rien à cette adresse.")},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return error_page(
        request,
        404,
        _("Page introuvable"),
        _(
            "La page que vous cherchez n'existe pas ou n'existe plus. Si vous avez saisi "
            "son adresse, vérifiez-la ; sinon, cherchez ce qu'il vous faut depuis la page "
            "d'accueil ou le moteur de recherche du site."
        ),
        search=True,
    )


def bad_request(request, exception):
    if isinstance(exception, DisallowedHost):
        # A host name the portal does not serve: nothing may be built from it (no address,
        # no page of the site), so a page of its own answers.
        response = HttpResponseBadRequest(
            render_to_string("errors/unknown_host.html", {"title": _("Adresse incorrecte")})
        )
        response["Cache-Control"] = "no-store"
        return response
    return error_page(
        request,
        400,
        _("Adresse incorrecte"),
        _(
            "Cette adresse contient des caractères ou des valeurs que le portail ne peut "
            "pas lire. Vérifiez-la, ou repartez de la page d'accueil."
        ),
    )


def permission_denied(request, exception):
    return error_page(
        request,
        403,
        _("Accès refusé"),
        _("Vous n'avez pas le droit de consulter cette page."),
    )


def csrf_failure(request, reason=""):
    """Django's CSRF check refused a form (``CSRF_FAILURE_VIEW``)."""
    return error_page(
        request,
        403,
        _("Formulaire expiré"),
        _(
            "Ce formulaire n'a pas pu être envoyé : la page est peut-être restée ouverte "
            "trop longtemps, ou votre navigateur refuse les cookies de ce site. Revenez à la "
            "page précédente, rechargez-la, puis envoyez de nouveau le formulaire."
        ),
    )


def server_error(request):
    if database_unavailable(sys.exception()):
        response = error_page(
            request,
            503,
            _("Service momentanément indisponible"),
            _(
                "Le portail ne peut pas lire ses données pour le moment. Réessayez dans "
                "quelques instants : les pages reviendront d'elles-mêmes."
            ),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return error_page(
        request,
        500,
        _("Erreur inattendue"),
        _(
            "Une erreur s'est produite de notre côté. Elle a été enregistrée pour être "
            "corrigée ; réessayez dans quelques instants."
        ),
    )


def database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def error_page(request, status: int, title: str, message: str, *, search: bool = False):
    # An error raised before LocaleMiddleware (in the page cache) has no language yet.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = render(
            request,
            "errors/error.html",
            {"status": status, "title": title, "message": message, "search": search},
            status=status,
        )
    response["Cache-Control"] = "no-store"
    return response
