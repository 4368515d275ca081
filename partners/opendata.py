"""Organisations as open data (core.opendata): their public contact only, never the
people to contact, which stay in the back office."""

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
from partners.enums import OrganisationKind
from partners.models import Membership, Organisation


def table(records):
    return within(Organisation, records).values(
        "id",
        "name",
        "acronym",
        "kind",
        "rna",
        "siren",
        "siret",
        "description",
        "address",
        "postcode",
        "region_code",
        "department_code",
        "website",
        "email",
        "phone",
        "is_dissolved",
        "dissolved_on",
        "updated_at",
        commune_code=F("commune__code"),
        commune_name=F("commune__name"),
        territory_name=F("territory__name"),
        theme_slugs=ArraySubquery(
            Organisation.themes.through.objects.filter(organisation=OuterRef("pk"))
            .order_by("theme__position", "theme__slug")
            .values("theme__slug")
        ),
        network_names=ArraySubquery(
            Membership.objects.filter(
                member=OuterRef("pk"), network__publication_state=PublicationState.PUBLISHED
            )
            .order_by("network__name")
            .values("network__name")
        ),
    )


def label(row) -> str:
    """The organisation's name, as its pages say it."""
    return Organisation.name_of(row["name"], row["acronym"])


ORGANISATIONS = Dataset(
    key="structures",
    title=_("Structures"),
    description=_(
        "Les structures publiées (associations, services de l'État, collectivités, "
        "bailleurs, fondations, réseaux), avec leurs identifiants, leur adresse, leurs "
        "coordonnées publiques et leurs thèmes. Les personnes à contacter n'y figurent pas."
    ),
    list_url_name="partners:organisation_list",
    export_url_name="partners:organisation_export",
    api_name="structure",
    records=Organisation.objects.published,
    table=table,
    columns=[
        Column(
            "id", _("identifiant de la structure sur le portail"), key("id"), ColumnKind.INTEGER
        ),
        Column(
            "page",
            _("adresse de sa fiche"),
            lambda row: record_url("partners:organisation_detail", row["id"], label(row)),
            ColumnKind.PAGE,
        ),
        Column("nom", _("nom"), key("name")),
        Column("sigle", _("sigle"), key("acronym")),
        Column(
            "type",
            format_lazy("{}{}", _("type de structure : "), ", ".join(OrganisationKind.values)),
            key("kind"),
        ),
        Column("rna", _("numéro au répertoire national des associations"), key("rna")),
        Column("siren", _("SIREN"), key("siren")),
        Column("siret", _("SIRET"), key("siret")),
        Column("presentation", _("présentation"), key("description")),
        Column("adresse", _("adresse"), key("address")),
        Column("code_postal", _("code postal"), key("postcode")),
        Column("code_insee", _("code INSEE de la commune"), key("commune_code"), optional=True),
        Column("commune", _("commune"), key("commune_name"), optional=True),
        Column(
            "territoire_action",
            _("territoire où la structure agit (nom)"),
            key("territory_name"),
            optional=True,
        ),
        *territory_columns(),
        Column("site_web", _("site web"), key("website"), ColumnKind.URL),
        Column("courriel", _("courriel public de la structure"), key("email")),
        Column("telephone", _("téléphone public de la structure"), key("phone")),
        Column("themes", _("thèmes (identifiants)"), key("theme_slugs"), ColumnKind.LIST),
        Column(
            "reseaux",
            _("réseaux dont elle est membre (noms)"),
            key("network_names"),
            ColumnKind.LIST,
        ),
        Column("dissoute", _("dissoute"), key("is_dissolved"), ColumnKind.BOOLEAN),
        Column(
            "date_dissolution",
            _("date de dissolution"),
            key("dissolved_on"),
            ColumnKind.DATE,
            optional=True,
        ),
        modified_column(),
    ],
)
