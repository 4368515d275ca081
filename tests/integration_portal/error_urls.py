"""The portal's addresses, with one that fails, for the tests of the 500 page."""

from django.urls import path

from integration_portal.urls import *  # noqa: F403
from integration_portal.urls import urlpatterns as portal_urlpatterns


def fails(request):
    raise RuntimeError("mot de passe : hunter2")


urlpatterns = [path("echec/", fails), path("en/echec/", fails), *portal_urlpatterns]
