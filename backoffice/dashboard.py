"""The admin's home page: what needs attention, within the user's scope.

The page is the list ``SECTIONS``, in its order, each section declared as data: the records
of every publishable kind in a state (``RecordsSection``), the changes to live records in a
state of their review (``RevisionsSection``), or the rows of one query (``QuerySection``).
Each is counted, its first few rows linked to their page, with links to the lists.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from backoffice.models import CorrectionReport
from core import kinds
from core.enums import PublicationState, RevisionState
from core.models import Revision
from events.models import Event
from partners.models import ImportRecord
from programmes.models import Programme

SHOWN = 8
DRAFT, REVIEW = PublicationState.DRAFT, PublicationState.REVIEW
PUBLISHED, ARCHIVED = PublicationState.PUBLISHED, PublicationState.ARCHIVED


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


def _admin_url(model, view, pk) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk])


def _date(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class RecordsSection:
    """The records of every publishable kind within the user's scope matching
    ``condition(now)``, latest or oldest first by ``order``."""

    key: str
    title: str
    condition: Callable
    filters: dict
    order: str
    detail: Callable

    def build(self, user, now) -> Section:
        section = Section(self.key, str(self.title))
        found = []
        for model in (kind.model for kind in kinds.all_kinds()):
            records = model.objects.within_scope(user).filter(self.condition(now))
            count = records.count()
            if not count:
                continue
            section.count += count
            label = f"{model._meta.verbose_name_plural} ({count})"
            section.links.append(Item(label, _changelist(model, **self.filters)))
            found.extend(records.order_by(self.order)[:SHOWN])
        name = self.order.lstrip("-")
        found.sort(key=lambda record: getattr(record, name), reverse=self.order.startswith("-"))
        section.items = [
            Item(
                f"{capfirst(record._meta.verbose_name)} : {record}",
                _admin_url(type(record), "change", record.pk),
                self.detail(record),
            )
            for record in found[:SHOWN]
        ]
        return section


@dataclass(frozen=True)
class RevisionsSection:
    """The changes to live records within the user's scope in ``state``, linked to their
    review page."""

    key: str
    title: str
    state: str
    detail: Callable

    def build(self, user, now) -> Section:
        section = Section(self.key, str(self.title))
        found = []
        for model in (kind.model for kind in kinds.all_kinds()):
            waiting = Revision.objects.within_scope(user, model).filter(state=self.state)
            count = waiting.count()
            if not count:
                continue
            section.count += count
            label = f"{model._meta.verbose_name_plural} ({count})"
            section.links.append(Item(label, _changelist(model, modifications=self.state)))
            revisions = list(waiting.select_related("created_by", "reviewed_by")[:SHOWN])
            records = model._default_manager.in_bulk([r.object_id for r in revisions])
            for revision in revisions:
                record = records[revision.object_id]
                item = Item(
                    f"{capfirst(model._meta.verbose_name)} : {record}",
                    _admin_url(model, "revision", record.pk),
                    self.detail(revision),
                )
                found.append((revision.updated_at, item))
        found.sort(key=lambda pair: pair[0], reverse=True)
        section.items = [item for _when, item in found[:SHOWN]]
        return section


@dataclass(frozen=True)
class QuerySection:
    """The rows of ``rows(user, now)`` (a queryset in its order): the first ``shown``, each
    named by ``label``, linked by ``url`` and detailed by ``detail``."""

    key: str
    title: str
    rows: Callable
    detail: Callable
    url: Callable = lambda row: _admin_url(type(row), "change", row.pk)
    label: Callable = str
    shown: int = SHOWN

    def build(self, user, now) -> Section:
        rows = self.rows(user, now)
        section = Section(self.key, str(self.title), count=rows.count())
        section.items = [
            Item(self.label(row), self.url(row), self.detail(row)) for row in rows[: self.shown]
        ]
        return section


def _ending_programmes(user, now):
    today = timezone.localdate(now)
    return (
        Programme.objects.within_scope(user)
        .filter(end_date__gte=today, end_date__lte=today + dt.timedelta(days=90))
        .exclude(publication_state=ARCHIVED)
        .order_by("end_date", "id")
    )


def _events_without_agenda(user, now):
    return (
        Event.objects.within_scope(user)
        .filter(start__gte=now, start__lte=now + dt.timedelta(days=30), agenda_items__isnull=True)
        .exclude(publication_state=ARCHIVED)
        .order_by("start", "id")
    )


def _import_detail(record) -> str:
    return _(
        "%(date)s, %(status)s : %(created)s créées, %(updated)s mises à jour, "
        "%(unchanged)s inchangées, %(rejected)s refusées"
    ) % {
        "date": _date(record.created_at),
        "status": record.get_status_display(),
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
        "rejected": record.rejected,
    }


SECTIONS = [
    RecordsSection(
        "review",
        _("À relire"),
        lambda now: Q(publication_state=REVIEW),
        {"publication_state__exact": REVIEW},
        "updated_at",
        lambda r: _("soumise le %(date)s") % {"date": _date(r.updated_at)},
    ),
    RevisionsSection(
        "changes",
        _("Modifications de fiches en ligne à relire"),
        RevisionState.PENDING,
        lambda r: (
            _("proposées par %(who)s, le %(date)s")
            % {"who": r.created_by, "date": _date(r.updated_at)}
        ),
    ),
    RevisionsSection(
        "sent_back",
        _("Modifications renvoyées à leur auteur"),
        RevisionState.SENT_BACK,
        lambda r: (
            _("renvoyées par %(who)s : « %(comment)s »")
            % {"who": r.reviewed_by, "comment": Truncator(r.comment).chars(120)}
        ),
    ),
    RecordsSection(
        "old_drafts",
        _("Brouillons de plus de 30 jours"),
        lambda now: Q(publication_state=DRAFT, created_at__lt=now - dt.timedelta(days=30)),
        {"publication_state__exact": DRAFT},
        "created_at",
        lambda r: _("créé le %(date)s") % {"date": _date(r.created_at)},
    ),
    QuerySection(
        "ending",
        _("Programmes se terminant dans les 90 jours"),
        _ending_programmes,
        lambda p: _("fin le %(date)s") % {"date": _date(p.end_date)},
    ),
    QuerySection(
        "no_agenda",
        _("Événements des 30 prochains jours sans programme"),
        _events_without_agenda,
        lambda e: _("le %(date)s") % {"date": _date(e.start)},
    ),
    RecordsSection(
        "stale",
        _("Publiées et non modifiées depuis 12 mois"),
        lambda now: Q(publication_state=PUBLISHED, updated_at__lt=now - dt.timedelta(days=365)),
        {"publication_state__exact": PUBLISHED},
        "updated_at",
        lambda r: _("modifiée le %(date)s") % {"date": _date(r.updated_at)},
    ),
    QuerySection(
        "imports",
        _("Derniers imports"),
        lambda user, now: (
            ImportRecord.objects.for_user(user)
            .defer("content", "rejects", "report")
            .order_by("-created_at", "-id")
        ),
        _import_detail,
        label=lambda record: record.file_name,
        shown=5,
    ),
    QuerySection(
        "reports",
        _("Signalements d'erreur à traiter"),
        lambda user, now: (
            CorrectionReport.objects.within_scope(user)
            .waiting()
            .select_related("programme", "organisation", "event", "scheme")
            .order_by("-created_at", "-id")
        ),
        lambda report: _("reçu le %(date)s") % {"date": _date(report.created_at)},
        label=lambda report: f"{report.record}",
    ),
]


def dashboard(user, now=None) -> list[Section]:
    now = now or timezone.now()
    return [section.build(user, now) for section in SECTIONS]
