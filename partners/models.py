from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.codes import POSTCODE
from core.enums import PublicationState
from core.history import DERIVED, track_links, tracked
from core.publishing import PublishableModel, stamp_first_publication
from core.search import search_document
from partners.enums import ImportStatus, OrganisationKind
from partners.names import NAME_KEY_PATTERN, NAME_KEY_PLAIN, NAME_KEY_SOURCE
from partners.querysets import (
    ContactPersonQuerySet,
    ImportRecordQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
)
from partners.validators import RNA_NUMBER, validate_rna, validate_siren, validate_siret
from reference.enums import TerritoryLevel
from reference.territorial import TerritoryCodes, copy_territory_codes

PUBLISHED = Q(publication_state=PublicationState.PUBLISHED)


@tracked(
    _("historique des structures"),
    exclude=["name_key", *DERIVED],
    verbose_name=_("historique d'une structure"),
)
class Organisation(PublishableModel, TerritoryCodes):
    """A structure: association, State body or service, local authority, funder, network…

    Every insert, update and delete is recorded by database triggers (django-pghistory) in
    OrganisationEvent, bulk writes and COPY included, with who and what made it.
    """

    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(
        _("type de structure"), max_length=20, choices=OrganisationKind, default="autre"
    )
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    description = models.TextField(_("présentation"), blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
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
        verbose_name=_("territoire d'action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Le territoire où la structure agit : France, région, département ou commune."),
    )
    website = models.URLField(_("site web"), max_length=500, blank=True)
    email = models.EmailField(_("courriel public"), blank=True)
    phone = models.CharField(_("téléphone public"), max_length=30, blank=True)
    themes = models.ManyToManyField(
        "reference.Theme", verbose_name=_("thèmes"), blank=True, related_name="organisations"
    )
    is_dissolved = models.BooleanField(_("dissoute"), default=False)
    dissolved_on = models.DateField(_("date de dissolution"), null=True, blank=True)
    # The name folded for matching (case, accents, punctuation, spaces), computed by PostgreSQL
    # for every write, bulk ones included; partners.names.name_key() is its Python twin.
    name_key = models.GeneratedField(
        expression=models.Func(
            Lower(
                models.Func(
                    "name", Value(NAME_KEY_SOURCE), Value(NAME_KEY_PLAIN), function="translate"
                )
            ),
            Value(NAME_KEY_PATTERN),
            Value(""),
            Value("g"),
            function="regexp_replace",
        ),
        output_field=models.CharField(max_length=255),
        db_persist=True,
    )
    search_document = models.GeneratedField(
        expression=search_document(A=["name", "acronym"], C=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    networks = models.ManyToManyField(
        "self",
        verbose_name=_("réseaux"),
        through="Membership",
        through_fields=("member", "network"),
        symmetrical=False,
        blank=True,
        related_name="members",
    )

    objects = OrganisationQuerySet.as_manager()
    hidden_label = _("Structure non publiée hors de votre périmètre")
    # Its parts, changed with it and proposed with it for review (core.revisions).
    revision_parts = ("memberships", "contacts")

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name", "id"]
        permissions = [
            ("import_organisation", _("Peut importer des listes de structures")),
            ("export_organisation", _("Peut exporter les structures")),
            ("publish_organisation", _("Peut publier, dépublier et archiver les structures")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rna"],
                condition=~Q(rna=""),
                name="organisation_rna_unique",
                violation_error_message=_("Une autre structure porte déjà ce numéro RNA."),
            ),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message=_("Une autre structure porte déjà ce SIRET."),
            ),
            models.CheckConstraint(
                condition=Q(rna="") | Q(rna__regex=RNA_NUMBER), name="organisation_rna_format"
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"),
                name="organisation_siren_format",
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="organisation_siret_format",
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siret="") | Q(siren=Substr("siret", 1, 9)),
                name="organisation_siret_extends_siren",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE),
                name="organisation_postcode_format",
            ),
            models.CheckConstraint(
                condition=Q(name__regex=r"\S"), name="organisation_name_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(is_dissolved=True),
                name="organisation_dissolution_date_means_dissolved",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name", "id"], name="organisation_kind_name_idx"),
            models.Index(fields=["territory", "name", "id"], name="organisation_terr_name_idx"),
            models.Index(fields=["name_key", "postcode"], name="organisation_name_key_idx"),
            # The public directory: published organisations by name, in a department or region.
            models.Index(
                fields=["name", "id"], condition=PUBLISHED, name="organisation_public_name_idx"
            ),
            models.Index(
                fields=["department_code", "name", "id"],
                condition=PUBLISHED,
                name="organisation_public_dept_idx",
            ),
            models.Index(
                fields=["region_code", "name", "id"],
                condition=PUBLISHED,
                name="organisation_public_reg_idx",
            ),
            GinIndex(fields=["search_document"], name="organisation_search_idx"),
        ]
        # The directory places an organisation by its territory of action, else its commune.
        triggers = [copy_territory_codes("territory_id", "commune_id"), stamp_first_publication()]

    def record_name(self) -> str:
        return self.name_of(self.name, self.acronym)

    @staticmethod
    def name_of(name: str, acronym: str) -> str:
        """An organisation's name: with its acronym when that says something else (for a
        record or a downloaded row alike)."""
        if acronym and acronym.casefold() != name.casefold():
            return f"{name} ({acronym})"
        return name

    def get_absolute_url(self):
        return reverse("partners:organisation_detail", args=[self.pk, self.slug])

    def save(self, *args, **kwargs):
        # Browsers send text areas with Windows line ends; imports and exports use plain ones.
        self.description = self.description.replace("\r\n", "\n")
        super().save(*args, **kwargs)


@tracked(_("historique des adhésions"))
class Membership(models.Model):
    """An organisation's membership of a network (ANVITA, RECI, USH…)."""

    member = models.ForeignKey(
        Organisation,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Organisation,
        verbose_name=_("réseau"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    since = models.PositiveSmallIntegerField(_("membre depuis (année)"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion à un réseau")
        verbose_name_plural = _("adhésions à un réseau")
        ordering = ["network__name", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "network"], name="membership_unique"),
            models.CheckConstraint(
                condition=~Q(member=models.F("network")), name="membership_not_self"
            ),
        ]

    def __str__(self):
        return _("%(member)s, membre de %(network)s") % {
            "member": self.member,
            "network": self.network,
        }


@tracked(_("historique des personnes à contacter"), exclude=["updated_at"])
class ContactPerson(models.Model):
    """A person to reach at an organisation. Personal data: staff only, never published."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    full_name = models.CharField(_("nom complet"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    notes = models.TextField(_("notes internes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne à contacter")
        verbose_name_plural = _("personnes à contacter")
        ordering = ["organisation__name", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.organisation})"


track_links(
    Organisation.themes,
    "partners",
    "OrganisationThemesEvent",
    _("historique des thèmes des structures"),
)


class ImportRecord(models.Model):
    """One import of an organisation list: who, when, which file, what it found and did.

    The uploaded file is kept in the database (not on a server's disk) between the preview
    and the confirmation, so that any app server can run the confirmation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    file_name = models.CharField(_("fichier"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("taille (octets)"))
    content = models.BinaryField(_("contenu"), editable=False)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus, default=ImportStatus.PREVIEWED
    )
    shape = models.CharField(_("forme reconnue"), max_length=100, blank=True)
    file_format = models.CharField(_("format"), max_length=120, blank=True)
    created = models.PositiveIntegerField(_("créées"), default=0)
    updated = models.PositiveIntegerField(_("mises à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("inchangées"), default=0)
    rejected = models.PositiveIntegerField(_("refusées"), default=0)
    proposed = models.PositiveIntegerField(
        _("modifications à relire"),
        default=0,
        help_text=_("Modifications de structures en ligne, gardées pour la relecture."),
    )
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    rows_read = models.PositiveIntegerField(
        _("lignes lues"), default=0, help_text=_("Pendant la lecture ou l'import : où il en est.")
    )
    error = models.TextField(_("motif du refus"), blank=True)
    rejects = models.BinaryField(_("lignes refusées (CSV)"), default=bytes, editable=False)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de structures")
        verbose_name_plural = _("imports de structures")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="import_record_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"
