"""The address a request comes from, for login throttling (django-axes) and the rate limit of
correction reports: the connection's own address, or behind a proxy (``DJANGO_BEHIND_PROXY``)
the last one the proxy added to X-Forwarded-For (the ones before it are the client's word)."""

from django.conf import settings


def client_address(request) -> str:
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """The answer to a login refused by django-axes: what happened and when to try again."""
    from django.contrib import admin
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Connexion suspendue"),
            "subtitle": None,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
