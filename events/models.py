from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState
from core.history import DERIVED, track_links, tracked
from core.periods import PeriodModel, end_not_before_start
from core.publishing import PublishableModel, stamp_first_publication
from core.search import search_document
from events.enums import AgendaItemKind, DatePrecision, EventKind, EventStatus, ResourceKind
from events.querysets import EventPartQuerySet, EventQuerySet, EventSeriesQuerySet
from reference.enums import TerritoryLevel
from reference.territorial import TerritoryCodes, copy_territory_codes

PUBLISHED = Q(publication_state=PublicationState.PUBLISHED)


@tracked(_("historique des séries d'événements"))
class EventSeries(models.Model):
    """Recurring meetings whose events are numbered editions."""

    name = models.CharField(_("nom"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = EventSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("série d'événements")
        verbose_name_plural = _("séries d'événements")
        ordering = ["name"]

    def __str__(self):
        return self.name


@tracked(_("historique des événements"), exclude=[*DERIVED, "is_online"])
class Event(PeriodModel, PublishableModel, TerritoryCodes):
    """A meeting of the actors: a date (often two days), a place or an online link, an agenda."""

    period = ("start", "end")

    title = models.CharField(_("titre"), max_length=255)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("série"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(
        _("numéro d'édition"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    kind = models.CharField(_("type"), max_length=16, choices=EventKind, default=EventKind.MEETING)
    status = models.CharField(
        _("statut"), max_length=8, choices=EventStatus, default=EventStatus.SCHEDULED
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    date_precision = models.CharField(
        _("précision des dates"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.TIME,
        help_text=_("Quand seules les dates, ou seul le mois, sont connus."),
    )
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("lieu"), max_length=255, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "reference.Territory",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": TerritoryLevel.COMMUNE},
    )
    territory = models.ForeignKey(
        "reference.Territory",
        verbose_name=_("territoire concerné"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(_("lien de participation en ligne"), max_length=500, blank=True)
    organisers = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisateurs"),
        blank=True,
        related_name="organised_events",
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        verbose_name=_("programmes liés"),
        blank=True,
        related_name="events",
    )
    themes = models.ManyToManyField(
        "reference.Theme", verbose_name=_("thèmes"), blank=True, related_name="events"
    )
    participant_count = models.PositiveIntegerField(
        _("nombre de participants"), null=True, blank=True
    )
    participant_count_is_approximate = models.BooleanField(_("nombre approximatif"), default=False)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Document ou page web d'origine.")
    )
    search_document = models.GeneratedField(
        expression=search_document(A=["title"], B=["summary"], C=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Online only: no venue nor commune, and a link or the kind « visioconférence ».
    is_online = models.GeneratedField(
        expression=Q(venue="", commune__isnull=True)
        & (~Q(online_url="") | Q(kind=EventKind.WEBINAR)),
        output_field=models.BooleanField(_("en ligne")),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()
    hidden_label = _("Événement non publié hors de votre périmètre")
    # Its parts, changed with it and proposed with it for review (core.revisions).
    revision_parts = ("agenda_items", "resources")
    Status = EventStatus
    Kind = EventKind
    Precision = DatePrecision

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-start", "id"]
        constraints = [
            end_not_before_start("event_end_not_before_start", "start", "end", required=True),
            models.CheckConstraint(
                condition=Q(edition__isnull=True) | Q(series__isnull=False),
                name="event_edition_needs_series",
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                condition=Q(edition__isnull=False),
                name="event_series_edition_unique",
            ),
            models.CheckConstraint(condition=Q(title__regex=r"\S"), name="event_title_not_blank"),
        ]
        indexes = [
            # Upcoming (end from today) and past events, by start: the whole range of
            # ends read from the index, then sorted (an index on the start alone misleads
            # the planner, which does not know that the events ending later start later).
            models.Index(
                fields=["end", "start", "id"], condition=PUBLISHED, name="event_public_end_idx"
            ),
            models.Index(fields=["territory", "start"], name="event_territory_start_idx"),
            models.Index(
                fields=["department_code", "end", "start"],
                condition=PUBLISHED,
                name="event_public_dept_idx",
            ),
            models.Index(
                fields=["region_code", "end", "start"],
                condition=PUBLISHED,
                name="event_public_reg_idx",
            ),
            GinIndex(fields=["search_document"], name="event_search_idx"),
        ]
        # Events are placed where they happen (their commune), else by the territory concerned.
        permissions = [
            ("publish_event", _("Peut publier, dépublier et archiver les événements")),
        ]
        triggers = [copy_territory_codes("commune_id", "territory_id"), stamp_first_publication()]

    def record_name(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk, self.slug])

    @property
    def when(self) -> str:
        """The dates (and hours, when known) as a person reads them, in Paris time, in the
        formats of the page's language (``integration_portal/formats``)."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        if self.date_precision == DatePrecision.MONTH:
            if (start.year, start.month) == (end.year, end.month):
                return date_format(start, "YEAR_MONTH_FORMAT")
            return _("de %(start)s à %(end)s") % {
                "start": date_format(start, "YEAR_MONTH_FORMAT"),
                "end": date_format(end, "YEAR_MONTH_FORMAT"),
            }
        days_only = self.date_precision == DatePrecision.DAY
        if start.date() == end.date():
            day = date_format(start, "DAY_FORMAT")
            if days_only:
                return day
            return _("%(day)s, de %(start)s à %(end)s") % {
                "day": day,
                "start": time_format(start),
                "end": time_format(end),
            }
        whole = "DATE_FORMAT" if days_only else "DATETIME_FORMAT"
        if days_only and (start.year, start.month) == (end.year, end.month):
            first = date_format(start, "SPAN_START_SAME_MONTH")
        elif days_only and start.year == end.year:
            first = date_format(start, "SPAN_START_SAME_YEAR")
        else:
            first = date_format(start, whole)
        return _("du %(start)s au %(end)s") % {"start": first, "end": date_format(end, whole)}


@tracked(_("historique des séquences"))
class AgendaItem(PeriodModel):
    """A moment of an event: a round table, a visit, a talk."""

    period = ("start_time", "end_time")

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    kind = models.CharField(_("type"), max_length=12, choices=AgendaItemKind)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("jour"), null=True, blank=True)
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    location = models.CharField(_("lieu"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("séquence du programme")
        verbose_name_plural = _("séquences du programme")
        ordering = ["position", "date", "start_time", "id"]
        constraints = [
            end_not_before_start("agenda_item_end_not_before_start", "start_time", "end_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.title}"


@tracked(_("historique des ressources"))
class Resource(models.Model):
    """A document of an event: slides, recording, report."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("type"), max_length=16, choices=ResourceKind)
    title = models.CharField(_("titre"), max_length=255)
    url = models.URLField(
        _("lien"), max_length=500, blank=True, help_text=_("Vide tant que le lien n'est pas connu.")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


track_links(Event.organisers, "events", "EventOrganisersEvent", _("historique des organisateurs"))
track_links(
    Event.programmes,
    "events",
    "EventProgrammesEvent",
    _("historique des programmes liés aux événements"),
)
track_links(Event.themes, "events", "EventThemesEvent", _("historique des thèmes des événements"))
