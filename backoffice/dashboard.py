"""The admin's home page: what needs attention, within the user's scope."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from backoffice.models import CorrectionReport
from core.enums import PublicationState, RevisionState
from core.models import Revision
from events.models import Event
from partners.models import ImportRecord, Organisation
from programmes.models import Programme, Scheme

SHOWN = 8
PUBLISHABLE = [Programme, Organisation, Event, Scheme]


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int = 0
    items: list[Item] = field(default_factory=list)
    links: list[Item] = field(default_factory=list)  # « see them all », per kind


def _changelist(model, **filters) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _change(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def _records_section(key, title, user, condition, filters, order, detail):
    """Records of every publishable kind within the user's scope matching ``condition``."""
    section = Section(key, str(title))
    found = []
    for model in PUBLISHABLE:
        records = model.objects.within_scope(user).filter(condition)
        count = records.count()
        if not count:
            continue
        section.count += count
        section.links.append(
            Item(f"{model._meta.verbose_name_plural} ({count})", _changelist(model, **filters))
        )
        found.extend(records.order_by(order)[:SHOWN])
    reverse_order = order.startswith("-")
    found.sort(key=lambda record: getattr(record, order.lstrip("-")), reverse=reverse_order)
    section.items = [
        Item(f"{capfirst(record._meta.verbose_name)} : {record}", _change(record), detail(record))
        for record in found[:SHOWN]
    ]
    return section


def _revisions_section(key, title, user, state, detail):
    """Changes to live records within the user's scope in ``state``, linked to their page."""
    section = Section(key, str(title))
    found = []
    for model in PUBLISHABLE:
        waiting = Revision.objects.within_scope(user, model).filter(state=state)
        count = waiting.count()
        if not count:
            continue
        section.count += count
        section.links.append(
            Item(
                f"{model._meta.verbose_name_plural} ({count})",
                _changelist(model, modifications=state),
            )
        )
        revisions = list(waiting.select_related("created_by", "reviewed_by")[:SHOWN])
        records = model._default_manager.in_bulk([r.object_id for r in revisions])
        opts = model._meta
        for revision in revisions:
            record = records[revision.object_id]
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[record.pk])
            label = f"{capfirst(opts.verbose_name)} : {record}"
            found.append((revision.updated_at, Item(label, url, detail(revision))))
    found.sort(key=lambda pair: pair[0], reverse=True)
    section.items = [item for _when, item in found[:SHOWN]]
    return section


def _date(value) -> str:
    from django.utils import formats

    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def dashboard(user, now=None) -> list[Section]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    sections = [
        _records_section(
            "review",
            _("À relire"),
            user,
            Q(publication_state=PublicationState.REVIEW),
            {"publication_state__exact": PublicationState.REVIEW},
            "updated_at",
            lambda r: _("soumise le %(date)s") % {"date": _date(r.updated_at)},
        ),
        _revisions_section(
            "changes",
            _("Modifications de fiches en ligne à relire"),
            user,
            RevisionState.PENDING,
            lambda r: (
                _("proposées par %(who)s, le %(date)s")
                % {"who": r.created_by, "date": _date(r.updated_at)}
            ),
        ),
        _revisions_section(
            "sent_back",
            _("Modifications renvoyées à leur auteur"),
            user,
            RevisionState.SENT_BACK,
            lambda r: (
                _("renvoyées par %(who)s : « %(comment)s »")
                % {"who": r.reviewed_by, "comment": Truncator(r.comment).chars(120)}
            ),
        ),
        _records_section(
            "old_drafts",
            _("Brouillons de plus de 30 jours"),
            user,
            Q(publication_state=PublicationState.DRAFT, created_at__lt=now - dt.timedelta(days=30)),
            {"publication_state__exact": PublicationState.DRAFT},
            "created_at",
            lambda r: _("créé le %(date)s") % {"date": _date(r.created_at)},
        ),
        _records_section(
            "stale",
            _("Publiées et non modifiées depuis 12 mois"),
            user,
            Q(
                publication_state=PublicationState.PUBLISHED,
                updated_at__lt=now - dt.timedelta(days=365),
            ),
            {"publication_state__exact": PublicationState.PUBLISHED},
            "updated_at",
            lambda r: _("modifiée le %(date)s") % {"date": _date(r.updated_at)},
        ),
    ]

    ending = (
        Programme.objects.within_scope(user)
        .filter(end_date__gte=today, end_date__lte=today + dt.timedelta(days=90))
        .exclude(publication_state=PublicationState.ARCHIVED)
    )
    section = Section("ending", str(_("Programmes se terminant dans les 90 jours")))
    section.count = ending.count()
    section.items = [
        Item(str(p), _change(p), _("fin le %(date)s") % {"date": _date(p.end_date)})
        for p in ending.order_by("end_date", "id")[:SHOWN]
    ]
    sections.insert(4, section)

    bare = (
        Event.objects.within_scope(user)
        .filter(start__gte=now, start__lte=now + dt.timedelta(days=30), agenda_items__isnull=True)
        .exclude(publication_state=PublicationState.ARCHIVED)
    )
    section = Section("no_agenda", str(_("Événements des 30 prochains jours sans programme")))
    section.count = bare.count()
    section.items = [
        Item(str(e), _change(e), _("le %(date)s") % {"date": _date(e.start)})
        for e in bare.order_by("start", "id")[:SHOWN]
    ]
    sections.insert(5, section)

    imports = ImportRecord.objects.for_user(user).defer("content", "rejects", "report")
    section = Section("imports", str(_("Derniers imports")))
    section.count = imports.count()
    section.items = [
        Item(
            record.file_name,
            reverse("admin:partners_importrecord_change", args=[record.pk]),
            _(
                "%(date)s, %(status)s : %(created)s créées, %(updated)s mises à jour, "
                "%(unchanged)s inchangées, %(rejected)s refusées"
            )
            % {
                "date": _date(record.created_at),
                "status": record.get_status_display(),
                "created": record.created,
                "updated": record.updated,
                "unchanged": record.unchanged,
                "rejected": record.rejected,
            },
        )
        for record in imports.order_by("-created_at", "-id")[:5]
    ]
    sections.append(section)

    reports = (
        CorrectionReport.objects.within_scope(user)
        .waiting()
        .select_related("programme", "organisation", "event", "scheme")
    )
    section = Section("reports", str(_("Signalements d'erreur à traiter")))
    section.count = reports.count()
    section.items = [
        Item(
            f"{report.record}",
            reverse("admin:backoffice_correctionreport_change", args=[report.pk]),
            _("reçu le %(date)s") % {"date": _date(report.created_at)},
        )
        for report in reports.order_by("-created_at", "-id")[:SHOWN]
    ]
    sections.append(section)
    return sections
