"""Programmes and schemes as open data (core.opendata)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
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
from programmes.enums import PartnerRole, ProgrammeStatus
from programmes.models import Programme, ProgrammePartner, Scheme

PUBLISHED = PublicationState.PUBLISHED


def published(field: str):
    """The field, when the record it belongs to is published (else nothing, never its name)."""
    state = field.rsplit("__", 1)[0] + "__publication_state"
    return Case(When(**{state: PUBLISHED}, then=F(field)), default=Value(""))


def programme_table(records):
    through = Programme.themes.through
    return within(Programme, records).values(
        "id",
        "title",
        "status",
        "start_date",
        "end_date",
        "summary",
        "description",
        "source",
        "region_code",
        "department_code",
        "updated_at",
        scheme_name=published("scheme__name"),
        scheme_acronym=published("scheme__acronym"),
        territory_name=F("territory__name"),
        territory_level=F("territory__level"),
        territory_code=F("territory__code"),
        lead_name=published("lead_organisation__name"),
        theme_slugs=ArraySubquery(
            through.objects.filter(programme=OuterRef("pk"))
            .order_by("theme__position", "theme__slug")
            .values("theme__slug")
        ),
        audience_slugs=ArraySubquery(
            Programme.audiences.through.objects.filter(programme=OuterRef("pk"))
            .order_by("audience__position", "audience__slug")
            .values("audience__slug")
        ),
        partner_roles=ArraySubquery(
            ProgrammePartner.objects.filter(
                programme=OuterRef("pk"), organisation__publication_state=PUBLISHED
            )
            .order_by("role", "organisation__name")
            .values(
                text=Concat("organisation__name", Value("\x1f"), "role", output_field=CharField())
            )
        ),
    )


ROLES = dict(PartnerRole.choices)


def partners(row) -> list[str]:
    """« Audacia (Partenaire) »: each partner with its role, in the page's language."""
    pairs = (text.split("\x1f") for text in row["partner_roles"])
    return [f"{name} ({ROLES.get(role, role)})" for name, role in pairs]


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
    records=Programme.objects.published,
    table=programme_table,
    columns=[
        Column("id", _("identifiant du programme sur le portail"), key("id"), ColumnKind.INTEGER),
        Column(
            "page",
            _("adresse de sa fiche"),
            lambda row: record_url("programmes:programme_detail", row["id"], row["title"]),
            ColumnKind.PAGE,
        ),
        Column("titre", _("intitulé"), key("title")),
        Column("dispositif", _("dispositif dont il relève (nom)"), key("scheme_name")),
        Column("dispositif_sigle", _("sigle du dispositif"), key("scheme_acronym")),
        Column("territoire", _("territoire (nom)"), key("territory_name")),
        Column(
            "territoire_niveau",
            _("niveau du territoire : pays, region, departement ou commune"),
            key("territory_level"),
        ),
        Column("territoire_code", _("code INSEE du territoire"), key("territory_code")),
        *territory_columns(),
        Column("structure_porteuse", _("structure porteuse (nom)"), key("lead_name")),
        Column(
            "partenaires",
            _("structures partenaires, avec leur rôle entre parenthèses"),
            partners,
            ColumnKind.LIST,
        ),
        Column(
            "statut",
            format_lazy("{}{}", _("statut : "), ", ".join(ProgrammeStatus.values)),
            key("status"),
        ),
        Column("date_debut", _("date de début"), key("start_date"), ColumnKind.DATE, optional=True),
        Column("date_fin", _("date de fin"), key("end_date"), ColumnKind.DATE, optional=True),
        Column("themes", _("thèmes (identifiants)"), key("theme_slugs"), ColumnKind.LIST),
        Column(
            "publics", _("publics visés (identifiants)"), key("audience_slugs"), ColumnKind.LIST
        ),
        Column("resume", _("résumé"), key("summary")),
        Column("description", _("description"), key("description")),
        Column("source", _("document ou page d'origine"), key("source")),
        modified_column(),
    ],
)


def scheme_table(records):
    return within(Scheme, records).values(
        "id",
        "name",
        "acronym",
        "summary",
        "description",
        "website",
        "updated_at",
        pilot_name=published("pilot__name"),
        programme_count=Count("programmes", filter=Q(programmes__publication_state=PUBLISHED)),
    )


def scheme_label(row) -> str:
    """The scheme's name, as its pages say it."""
    return Scheme.name_of(row["name"], row["acronym"])


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
    records=Scheme.objects.published,
    table=scheme_table,
    columns=[
        Column("id", _("identifiant du dispositif sur le portail"), key("id"), ColumnKind.INTEGER),
        Column(
            "page",
            _("adresse de sa fiche"),
            lambda row: record_url("programmes:scheme_detail", row["id"], scheme_label(row)),
            ColumnKind.PAGE,
        ),
        Column("nom", _("nom"), key("name")),
        Column("sigle", _("sigle"), key("acronym")),
        Column("resume", _("résumé"), key("summary")),
        Column("description", _("description"), key("description")),
        Column("pilote", _("structure pilote (nom)"), key("pilot_name")),
        Column("page_reference", _("page de référence"), key("website"), ColumnKind.URL),
        Column(
            "nombre_programmes",
            _("nombre de programmes publiés"),
            key("programme_count"),
            ColumnKind.INTEGER,
        ),
        modified_column(),
    ],
)
