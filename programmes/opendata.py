"""Programmes and schemes as open data (reference.opendata)."""

from operator import attrgetter

from django.db.models import Count, Prefetch, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.models import Programme, ProgrammePartner, Scheme
from reference.enums import PublicationState
from reference.opendata import Column, Dataset, slugs

PUBLISHED = PublicationState.PUBLISHED
STATUSES = ", ".join(ProgrammeStatus.values)


def programmes():
    return (
        Programme.objects.published()
        .select_related("scheme", "territory", "lead_organisation")
        .prefetch_related(
            "themes",
            "audiences",
            Prefetch(
                "partnerships",
                queryset=ProgrammePartner.objects.filter(
                    organisation__publication_state=PUBLISHED
                ).select_related("organisation"),
            ),
        )
        .order_by("id")
    )


def public(record):
    return record if record is not None and record.is_published else None


PROGRAMMES = Dataset(
    key="programmes",
    title=_("Programmes"),
    description=_(
        "Les programmes publiés : une action d'un dispositif sur un territoire, avec sa "
        "structure porteuse, ses partenaires, ses thèmes et ses publics."
    ),
    list_url_name="programmes:programme_list",
    export_url_name="programmes:programme_export",
    api_name="programme",
    queryset=programmes,
    columns=[
        Column("id", _("identifiant du programme sur le portail"), attrgetter("pk"), "entier"),
        Column("page", _("adresse de sa fiche"), lambda p: p.get_absolute_url(), "page"),
        Column("titre", _("intitulé"), attrgetter("title")),
        Column(
            "dispositif",
            _("dispositif dont il relève (nom)"),
            lambda p: public(p.scheme) and p.scheme.name,
        ),
        Column(
            "dispositif_sigle",
            _("sigle du dispositif"),
            lambda p: public(p.scheme) and p.scheme.acronym,
        ),
        Column("territoire", _("territoire (nom)"), lambda p: p.territory.name),
        Column(
            "territoire_niveau",
            _("niveau du territoire : pays, region, departement ou commune"),
            lambda p: p.territory.level,
        ),
        Column("territoire_code", _("code INSEE du territoire"), lambda p: p.territory.code),
        Column("region", _("code INSEE de la région"), attrgetter("region_code")),
        Column("departement", _("code INSEE du département"), attrgetter("department_code")),
        Column(
            "structure_porteuse",
            _("structure porteuse (nom)"),
            lambda p: public(p.lead_organisation) and str(p.lead_organisation),
        ),
        Column(
            "partenaires",
            _("structures partenaires, avec leur rôle entre parenthèses"),
            lambda p: [
                f"{partner.organisation} ({partner.get_role_display()})"
                for partner in p.partnerships.all()
            ],
            "liste",
        ),
        Column("statut", format_lazy("{}{}", _("statut : "), STATUSES), attrgetter("status")),
        Column("date_debut", _("date de début"), attrgetter("start_date"), "date"),
        Column("date_fin", _("date de fin"), attrgetter("end_date"), "date"),
        Column("themes", _("thèmes (identifiants)"), lambda p: slugs(p.themes.all()), "liste"),
        Column(
            "publics",
            _("publics visés (identifiants)"),
            lambda p: slugs(p.audiences.all()),
            "liste",
        ),
        Column("resume", _("résumé"), attrgetter("summary")),
        Column("description", _("description"), attrgetter("description")),
        Column("source", _("document ou page d'origine"), attrgetter("source")),
        Column(
            "date_modification", _("dernière modification"), attrgetter("updated_at"), "date_heure"
        ),
    ],
)


def schemes():
    return (
        Scheme.objects.published()
        .select_related("pilot")
        .annotate(
            programme_count=Count("programmes", filter=Q(programmes__publication_state=PUBLISHED))
        )
        .order_by("id")
    )


SCHEMES = Dataset(
    key="dispositifs",
    title=_("Dispositifs"),
    description=_(
        "Les dispositifs publiés (PTFTM, PRIR, CTAIR…), cadres nationaux ou régionaux des "
        "programmes, avec leur pilote et leur nombre de programmes publiés."
    ),
    list_url_name="programmes:scheme_list",
    export_url_name="programmes:scheme_export",
    api_name="dispositif",
    queryset=schemes,
    columns=[
        Column("id", _("identifiant du dispositif sur le portail"), attrgetter("pk"), "entier"),
        Column("page", _("adresse de sa fiche"), lambda s: s.get_absolute_url(), "page"),
        Column("nom", _("nom"), attrgetter("name")),
        Column("sigle", _("sigle"), attrgetter("acronym")),
        Column("resume", _("résumé"), attrgetter("summary")),
        Column("description", _("description"), attrgetter("description")),
        Column("pilote", _("structure pilote (nom)"), lambda s: public(s.pilot) and str(s.pilot)),
        Column("page_reference", _("page de référence"), attrgetter("website"), "url"),
        Column(
            "nombre_programmes",
            _("nombre de programmes publiés"),
            attrgetter("programme_count"),
            "entier",
        ),
        Column(
            "date_modification", _("dernière modification"), attrgetter("updated_at"), "date_heure"
        ),
    ],
)
