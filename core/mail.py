"""E-mails to staff, sent now: a failed delivery is logged, never raised, so that what the
e-mail tells of (a report, a review) is never lost with it. Without an SMTP server
(``DJANGO_EMAIL_HOST``) nothing leaves the machine (the console backend in development)."""

import logging

from django.core.mail import send_mass_mail

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """``text`` on one line: a subject with a line break would be refused as a header."""
    return " ".join(str(text).split())


def send(messages: list[tuple[str, str, list[str]]], what: str) -> int:
    """Send ``(subject, body, addresses)`` messages; return how many were sent. ``what``
    names them in the log if the delivery fails."""
    messages = [(one_line(subject), body, None, to) for subject, body, to in messages if to]
    if not messages:
        return 0
    try:
        return send_mass_mail(messages)
    except OSError:
        logger.exception("%s : courriels non envoyés.", what)
        return 0
