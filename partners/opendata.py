"""Organisations as open data (reference.opendata): their public contact only, never the
people to contact, which stay in the back office."""

from operator import attrgetter

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partners.enums import OrganisationKind
from partners.models import Organisation
from reference.opendata import Column, Dataset, slugs

KINDS = ", ".join(OrganisationKind.values)


def organisations():
    return (
        Organisation.objects.published()
        .select_related("commune", "territory")
        .prefetch_related(
            "themes",
            Prefetch("networks", queryset=Organisation.objects.published().order_by("name")),
        )
        .order_by("id")
    )


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
    queryset=organisations,
    columns=[
        Column("id", _("identifiant de la structure sur le portail"), attrgetter("pk"), "entier"),
        Column("page", _("adresse de sa fiche"), lambda o: o.get_absolute_url(), "page"),
        Column("nom", _("nom"), attrgetter("name")),
        Column("sigle", _("sigle"), attrgetter("acronym")),
        Column("type", format_lazy("{}{}", _("type de structure : "), KINDS), attrgetter("kind")),
        Column("rna", _("numéro au répertoire national des associations"), attrgetter("rna")),
        Column("siren", _("SIREN"), attrgetter("siren")),
        Column("siret", _("SIRET"), attrgetter("siret")),
        Column("presentation", _("présentation"), attrgetter("description")),
        Column("adresse", _("adresse"), attrgetter("address")),
        Column("code_postal", _("code postal"), attrgetter("postcode")),
        Column(
            "code_insee",
            _("code INSEE de la commune"),
            lambda o: o.commune.code if o.commune else "",
        ),
        Column("commune", _("commune"), lambda o: o.commune.name if o.commune else ""),
        Column(
            "territoire_action",
            _("territoire où la structure agit (nom)"),
            lambda o: o.territory.name if o.territory else "",
        ),
        Column("region", _("code INSEE de la région"), attrgetter("region_code")),
        Column("departement", _("code INSEE du département"), attrgetter("department_code")),
        Column("site_web", _("site web"), attrgetter("website"), "url"),
        Column("courriel", _("courriel public de la structure"), attrgetter("email")),
        Column("telephone", _("téléphone public de la structure"), attrgetter("phone")),
        Column("themes", _("thèmes (identifiants)"), lambda o: slugs(o.themes.all()), "liste"),
        Column(
            "reseaux",
            _("réseaux dont elle est membre (noms)"),
            lambda o: [str(network) for network in o.networks.all()],
            "liste",
        ),
        Column("dissoute", _("dissoute"), attrgetter("is_dissolved"), "booleen"),
        Column("date_dissolution", _("date de dissolution"), attrgetter("dissolved_on"), "date"),
        Column(
            "date_modification", _("dernière modification"), attrgetter("updated_at"), "date_heure"
        ),
    ],
)
