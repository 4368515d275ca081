"""Events as open data (reference.opendata)."""

from operator import attrgetter

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.enums import DatePrecision, EventKind, EventStatus
from events.models import Event
from partners.models import Organisation
from programmes.models import Programme
from reference.opendata import Column, Dataset, slugs


def events():
    return (
        Event.objects.published()
        .select_related("series", "commune", "territory")
        .prefetch_related(
            "themes",
            Prefetch("organisers", queryset=Organisation.objects.published().order_by("name")),
            Prefetch("programmes", queryset=Programme.objects.published().order_by("title")),
        )
        .order_by("id")
    )


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
    queryset=events,
    columns=[
        Column("id", _("identifiant de l'événement sur le portail"), attrgetter("pk"), "entier"),
        Column("page", _("adresse de sa fiche"), lambda e: e.get_absolute_url(), "page"),
        Column("titre", _("titre"), attrgetter("title")),
        Column("serie", _("série"), lambda e: e.series.name if e.series else ""),
        Column("edition", _("numéro d'édition dans la série"), attrgetter("edition"), "entier"),
        Column(
            "type",
            format_lazy("{}{}", _("type : "), ", ".join(EventKind.values)),
            attrgetter("kind"),
        ),
        Column(
            "statut",
            format_lazy("{}{}", _("statut : "), ", ".join(EventStatus.values)),
            attrgetter("status"),
        ),
        Column("debut", _("début"), attrgetter("start"), "date_heure"),
        Column("fin", _("fin"), attrgetter("end"), "date_heure"),
        Column(
            "precision_dates",
            format_lazy("{}{}", _("précision des dates : "), ", ".join(DatePrecision.values)),
            attrgetter("date_precision"),
        ),
        Column("en_ligne", _("en ligne seulement"), attrgetter("is_online"), "booleen"),
        Column(
            "lien_en_ligne", _("lien de participation en ligne"), attrgetter("online_url"), "url"
        ),
        Column("lieu", _("lieu"), attrgetter("venue")),
        Column("adresse", _("adresse"), attrgetter("address")),
        Column(
            "code_insee",
            _("code INSEE de la commune"),
            lambda e: e.commune.code if e.commune else "",
        ),
        Column("commune", _("commune"), lambda e: e.commune.name if e.commune else ""),
        Column("region", _("code INSEE de la région"), attrgetter("region_code")),
        Column("departement", _("code INSEE du département"), attrgetter("department_code")),
        Column(
            "organisateurs",
            _("structures organisatrices (noms)"),
            lambda e: [str(organisation) for organisation in e.organisers.all()],
            "liste",
        ),
        Column(
            "programmes",
            _("programmes liés (intitulés)"),
            lambda e: [programme.title for programme in e.programmes.all()],
            "liste",
        ),
        Column("themes", _("thèmes (identifiants)"), lambda e: slugs(e.themes.all()), "liste"),
        Column("resume", _("résumé"), attrgetter("summary")),
        Column(
            "participants", _("nombre de participants"), attrgetter("participant_count"), "entier"
        ),
        Column(
            "date_modification", _("dernière modification"), attrgetter("updated_at"), "date_heure"
        ),
    ],
)
