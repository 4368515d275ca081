"""One log line per request, and what the log needs to be read by machines.

``RequestLog`` (the first middleware) gives each request an identifier (``request.id``, sent
back as ``X-Request-ID``; taken from the proxy's header only behind trusted proxies) and,
once the answer is sent (streamed downloads to their end), writes one line on the
``integration_portal.requests`` logger: time, method, path (without the query, which may hold
what a visitor searched), status, duration, the user's id for staff, and the request's id.
In production the console's lines are JSON objects (python-json-logger), errors with their
traceback (settings.base.logging_settings).
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

logger = logging.getLogger("integration_portal.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLog:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.id = request_id(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        # Written when the server closes the answer: after the last byte of a stream.
        response._resource_closers.append(lambda: log(request, response, started))
        return response


def request_id(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    if settings.TRUSTED_PROXY_COUNT and REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def staff_id(request) -> int | None:
    """The id of a staff member, if the request read its user (never read for the log)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated and user.is_staff else None


def log(request, response, started: float) -> None:
    duration = round((time.monotonic() - started) * 1000, 1)
    logger.info(
        "%s %s %s %s ms",
        request.method,
        request.path,
        response.status_code,
        duration,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "user_id": staff_id(request),
            "request_id": request.id,
        },
    )
