"""« Signaler une erreur »: a page of its own for each public record (record pages are kept in
the cache for visitors and carry no form), no account needed. Spam is kept out without
tracking anyone: a honeypot field, and at most REPORTS_PER_HOUR reports an hour from one
address (counted in Django's cache under a hash of the address, forgotten after the hour)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backoffice.forms import CorrectionReportForm
from backoffice.notifications import notify_editors
from core import kinds
from staff.security import client_address

REPORTS_PER_HOUR = 5


def _public_record(key, pk):
    """The published record of the kind ``key`` (core.kinds) and the report's field naming
    it (its model's name)."""
    kind = kinds.get(key)
    if kind is None:
        raise Http404
    record = get_object_or_404(kind.model.objects.public(), pk=pk)
    return record, kind.model._meta.model_name


def _rate_key(request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    return f"correction-reports:{digest.hexdigest()[:32]}"


def report_error(request, kind, pk):
    record, field = _public_record(kind, pk)
    form = CorrectionReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = _rate_key(request)
        if form.is_spam:
            form.add_error(None, _("Envoi refusé : un champ réservé aux robots a été rempli."))
            status = 400
        elif cache.get(key, 0) >= REPORTS_PER_HOUR:
            form.add_error(
                None,
                _(
                    "Vous avez envoyé de nombreux signalements depuis cette adresse : "
                    "réessayez dans une heure."
                ),
            )
            status = 429
        elif form.is_valid():
            report = form.save(commit=False)
            setattr(report, field, record)
            report.save()
            notify_editors(report, request)
            cache.add(key, 0, 3600)
            cache.incr(key)
            return redirect("report_thanks", kind=kind, pk=pk)
    return render(
        request,
        "backoffice/report_form.html",
        {"record": record, "form": form},
        status=status,
    )


def report_thanks(request, kind, pk):
    record, _field = _public_record(kind, pk)
    return render(request, "backoffice/report_thanks.html", {"record": record})
