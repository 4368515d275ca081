"""E-mails to staff, sent by a background job (core.tasks.send_mail): the page that asks for
them does not wait on the SMTP server, and a failed delivery is tried again later (with
procrastinate's retries, core.jobs.MAIL_RETRY) instead of being lost. Without an SMTP server
(``DJANGO_EMAIL_HOST``) nothing leaves the machine (the console backend in development)."""


def one_line(text: str) -> str:
    """``text`` on one line: a subject with a line break would be refused as a header."""
    return " ".join(str(text).split())


def send(messages: list[tuple[str, str, list[str]]], what: str) -> int:
    """Queue ``(subject, body, addresses)`` messages for sending; return how many were queued.
    ``what`` names them in the worker's log if their delivery fails."""
    from core.tasks import send_mail

    messages = [[one_line(subject), body, list(to)] for subject, body, to in messages if to]
    if messages:
        send_mail.defer(messages=messages, what=what)
    return len(messages)
