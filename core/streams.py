"""At most ``DOWNLOAD_STREAMS_PER_ADDRESS`` downloads streamed at once to one address.

Each stream holds one of that many PostgreSQL advisory locks named after the address (a hash
of it, and the slot's number), taken by the database connection serving it and released when
the answer is closed, after its last byte or when the client goes away; a process that dies
releases its locks with its connection. The database is shared by every process and server:
the limit holds for all of them. A further download from that address is answered 429.
"""

import hashlib

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.clients import client_address

RETRY_AFTER_SECONDS = 30


def address_key(request) -> int:
    """The address as a signed 32-bit number, the first key of its locks."""
    digest = hashlib.sha256(client_address(request).encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def take_slot(request) -> int | None:
    """The number of a free slot of the request's address, now held, or None."""
    key = address_key(request)
    with connection.cursor() as cursor:
        for slot in range(settings.DOWNLOAD_STREAMS_PER_ADDRESS):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, slot])
            if cursor.fetchone()[0]:
                return slot
    return None


def limited(request, response_for):
    """``response_for()``'s streamed answer, holding a slot until it is closed; or 429."""
    slot = take_slot(request)
    if slot is None:
        response = render(
            request,
            "errors/error.html",
            {
                "status": 429,
                "title": _("Trop de téléchargements en cours"),
                "message": _(
                    "Plusieurs téléchargements sont déjà en cours depuis votre adresse : "
                    "attendez qu'ils se terminent, puis réessayez."
                ),
                "search": False,
            },
            status=429,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    key = address_key(request)
    response = response_for()
    response._resource_closers.append(lambda: release(key, slot))
    return response


def release(key: int, slot: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [key, slot])
