"""Events as open data (core.opendata)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.enums import ColumnKind, PublicationState
from core.opendata import (
    Column,
    Dataset,
    key,
    modified_column,
    territory_columns,
    within,
)
from core.publishing import record_url
from events.enums import DatePrecision, EventKind, EventStatus
from events.models import Event

PUBLISHED = PublicationState.PUBLISHED


def table(records):
    return within(Event, records).values(
        "id",
        "title",
        "edition",
        "kind",
        "status",
        "start",
        "end",
        "date_precision",
        "is_online",
        "online_url",
        "venue",
        "address",
        "region_code",
        "department_code",
        "summary",
        "participant_count",
        "updated_at",
        series_name=F("series__name"),
        commune_code=F("commune__code"),
        commune_name=F("commune__name"),
        organiser_names=ArraySubquery(
            Event.organisers.through.objects.filter(
                event=OuterRef("pk"), organisation__publication_state=PUBLISHED
            )
            .order_by("organisation__name")
            .values("organisation__name")
        ),
        programme_titles=ArraySubquery(
            Event.programmes.through.objects.filter(
                event=OuterRef("pk"), programme__publication_state=PUBLISHED
            )
            .order_by("programme__title")
            .values("programme__title")
        ),
        theme_slugs=ArraySubquery(
            Event.themes.through.objects.filter(event=OuterRef("pk"))
            .order_by("theme__position", "theme__slug")
            .values("theme__slug")
        ),
    )


def listed(label, values):
    return format_lazy("{}{}", label, ", ".join(values))


EVENTS = Dataset(
    key="evenements",
    title=_("Événements"),
    description=_(
        "Les événements publiés : rencontres, ateliers, journées d'échanges, avec leurs dates "
        "(heure de Paris), leur lieu ou leur lien en ligne, leurs organisateurs et leurs "
        "programmes liés."
    ),
    list_url_name="events:event_list",
    export_url_name="events:event_export",
    api_name="evenement",
    records=Event.objects.published,
    table=table,
    columns=[
        Column("id", _("identifiant de l'événement sur le portail"), key("id"), ColumnKind.INTEGER),
        Column(
            "page",
            _("adresse de sa fiche"),
            lambda row: record_url("events:event_detail", row["id"], row["title"]),
            ColumnKind.PAGE,
        ),
        Column("titre", _("titre"), key("title")),
        Column("serie", _("série"), key("series_name"), optional=True),
        Column(
            "edition",
            _("numéro d'édition dans la série"),
            key("edition"),
            ColumnKind.INTEGER,
            optional=True,
        ),
        Column("type", listed(_("type : "), EventKind.values), key("kind")),
        Column("statut", listed(_("statut : "), EventStatus.values), key("status")),
        Column("debut", _("début"), key("start"), ColumnKind.DATETIME),
        Column("fin", _("fin"), key("end"), ColumnKind.DATETIME),
        Column(
            "precision_dates",
            listed(_("précision des dates : "), DatePrecision.values),
            key("date_precision"),
        ),
        Column("en_ligne", _("en ligne seulement"), key("is_online"), ColumnKind.BOOLEAN),
        Column(
            "lien_en_ligne", _("lien de participation en ligne"), key("online_url"), ColumnKind.URL
        ),
        Column("lieu", _("lieu"), key("venue")),
        Column("adresse", _("adresse"), key("address")),
        Column("code_insee", _("code INSEE de la commune"), key("commune_code"), optional=True),
        Column("commune", _("commune"), key("commune_name"), optional=True),
        *territory_columns(),
        Column(
            "organisateurs",
            _("structures organisatrices (noms)"),
            key("organiser_names"),
            ColumnKind.LIST,
        ),
        Column(
            "programmes", _("programmes liés (intitulés)"), key("programme_titles"), ColumnKind.LIST
        ),
        Column("themes", _("thèmes (identifiants)"), key("theme_slugs"), ColumnKind.LIST),
        Column("resume", _("résumé"), key("summary")),
        Column(
            "participants",
            _("nombre de participants"),
            key("participant_count"),
            ColumnKind.INTEGER,
            optional=True,
        ),
        modified_column(),
    ],
)
