"""Logging in safely: login throttling, by the address a request comes from
(``core.clients.client_address``, behind the trusted proxies only).

Failed logins are counted (django-axes) per user name and address together, per address and
per user name, each against its own limit: a password guessed for one account from one
address, 30 user names tried from one address, one account tried from many addresses are all
refused for the cool-off.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

from core.clients import client_address

__all__ = ["PortalAxesHandler", "client_address", "locked_out"]

# The criteria of settings.AXES_LOCKOUT_PARAMETERS, in their order, and each one's limit.
PAIR, ADDRESS, ACCOUNT = "pair", "address", "account"
CRITERIA = (PAIR, ADDRESS, ACCOUNT)


def limits() -> dict[str, int]:
    return {
        PAIR: settings.AXES_FAILURE_LIMIT,
        ADDRESS: settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        ACCOUNT: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    }


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, each criterion against its own limit, and a successful
    login forgiving only its own user name and address (not the address's other attempts,
    which a valid account would otherwise wipe)."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures of the criterion nearest to its limit, in units of
        ``AXES_FAILURE_LIMIT``: axes locks at that number, so each criterion locks at its own
        limit. The criterion is kept on the request for the refusal's message."""
        own_limits = limits()
        scaled = []
        for criterion, attempts in zip(
            CRITERIA, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            share = math.floor(failures * settings.AXES_FAILURE_LIMIT / own_limits[criterion])
            scaled.append((share, criterion))
        share, criterion = max(scaled)
        request.login_limit_reached = criterion
        return share

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = self.filter_user_attempts(request, credentials)[0].delete()
        return count


def locked_out(request, original_response=None, credentials=None):
    """The answer to a login refused by django-axes: what happened and when to try again."""
    from django.contrib import admin
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    cool_off = settings.AXES_COOLOFF_TIME
    criterion = getattr(request, "login_limit_reached", PAIR)
    return render(
        request,
        "registration/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Connexion suspendue"),
            "subtitle": None,
            "criterion": criterion,
            "failure_limit": limits()[criterion],
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
