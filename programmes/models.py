from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState
from core.history import DERIVED, track_links, tracked
from core.periods import PeriodModel, end_not_before_start
from core.publishing import PublishableModel, stamp_first_publication
from core.search import search_document
from programmes.enums import (
    FigureApproximation,
    FundingKind,
    FundingStatus,
    PartnerRole,
    ProgrammeStatus,
)
from programmes.querysets import (
    FundingQuerySet,
    ProgrammePartQuerySet,
    ProgrammeQuerySet,
    SchemeQuerySet,
)
from reference.territorial import TerritoryCodes, copy_territory_codes

PUBLISHED = Q(publication_state=PublicationState.PUBLISHED)

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


@tracked(_("historique des dispositifs"), exclude=[*DERIVED])
class Scheme(PublishableModel):
    """A dispositif: a national or regional policy framework (PTFTM, PRIR, CTAIR…)."""

    name = models.CharField(_("nom"), max_length=255, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    pilot = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("pilote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="piloted_schemes",
    )
    website = models.URLField(_("page de référence"), max_length=500, blank=True)
    search_document = models.GeneratedField(
        expression=search_document(A=["name", "acronym"], B=["summary"], C=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SchemeQuerySet.as_manager()
    hidden_label = _("Dispositif non publié hors de votre périmètre")

    class Meta:
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["acronym"], condition=~Q(acronym=""), name="scheme_acronym_unique"
            ),
        ]
        indexes = [GinIndex(fields=["search_document"], name="scheme_search_idx")]
        permissions = [
            ("publish_scheme", _("Peut publier, dépublier et archiver les dispositifs")),
        ]
        triggers = [stamp_first_publication()]

    def record_name(self) -> str:
        return self.name_of(self.name, self.acronym)

    @staticmethod
    def name_of(name: str, acronym: str) -> str:
        """A scheme's name, led by its acronym (for a record or a downloaded row alike)."""
        return f"{acronym} – {name}" if acronym else name

    def get_absolute_url(self):
        return reverse("programmes:scheme_detail", args=[self.pk, self.slug])


@tracked(_("historique des programmes"), exclude=[*DERIVED])
class Programme(PeriodModel, PublishableModel, TerritoryCodes):
    """One concrete action of a scheme on a territory, led by an organisation."""

    period = ("start_date", "end_date")

    title = models.CharField(_("intitulé"), max_length=255)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("dispositif"), on_delete=models.PROTECT, related_name="programmes"
    )
    territory = models.ForeignKey(
        "reference.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    lead_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("structure porteuse"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    partners = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("partenaires"),
        through="ProgrammePartner",
        blank=True,
        related_name="programmes",
    )
    themes = models.ManyToManyField(
        "reference.Theme", verbose_name=_("thèmes"), blank=True, related_name="programmes"
    )
    audiences = models.ManyToManyField(
        "reference.Audience",
        verbose_name=_("publics visés"),
        blank=True,
        related_name="programmes",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ProgrammeStatus, default=ProgrammeStatus.RUNNING
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Document ou page web d'origine.")
    )
    search_document = models.GeneratedField(
        expression=search_document(A=["title"], B=["summary"], C=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProgrammeQuerySet.as_manager()
    hidden_label = _("Programme non publié hors de votre périmètre")
    # Its parts, changed with it and proposed with it for review (core.revisions).
    revision_parts = ("partnerships", "fundings", "figures")
    Status = ProgrammeStatus
    # An organisation's roles in the programme, when a page lists its programmes.
    roles: tuple = ()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title", "id"]
        constraints = [
            end_not_before_start("programme_end_not_before_start", "start_date", "end_date"),
            models.CheckConstraint(
                condition=Q(title__regex=r"\S"), name="programme_title_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "title", "id"], name="programme_terr_title_idx"),
            models.Index(fields=["scheme", "title", "id"], name="programme_scheme_title_idx"),
            models.Index(fields=["status"], name="programme_status_idx"),
            models.Index(
                fields=["department_code", "title", "id"],
                condition=PUBLISHED,
                name="programme_public_dept_idx",
            ),
            models.Index(
                fields=["region_code", "title", "id"],
                condition=PUBLISHED,
                name="programme_public_reg_idx",
            ),
            models.Index(
                fields=["created_at", "id"], condition=PUBLISHED, name="programme_public_new_idx"
            ),
            GinIndex(fields=["search_document"], name="programme_search_idx"),
        ]
        permissions = [
            ("publish_programme", _("Peut publier, dépublier et archiver les programmes")),
        ]
        triggers = [copy_territory_codes("territory_id"), stamp_first_publication()]

    def record_name(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.pk, self.slug])


@tracked(_("historique des partenaires des programmes"))
class ProgrammePartner(models.Model):
    """An organisation's part in a programme: porteur, partenaire, opérateur or financeur."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_("rôle"), max_length=12, choices=PartnerRole)

    objects = ProgrammePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire du programme")
        verbose_name_plural = _("partenaires du programme")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="programme_partner_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


@tracked(_("historique des financements"), exclude=["updated_at"])
class Funding(PeriodModel):
    """Money from a funder to a programme or an organisation, for a year or a period."""

    period = ("start_date", "end_date")

    Status = FundingStatus

    funder = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="fundings_given",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme financé"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fundings",
    )
    beneficiary = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("structure bénéficiaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fundings_received",
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    is_yearly = models.BooleanField(
        _("montant annuel"), default=False, help_text=_("Le montant est donné par an.")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    start_date = models.DateField(_("début de la période"), null=True, blank=True)
    end_date = models.DateField(_("fin de la période"), null=True, blank=True)
    kind = models.CharField(_("nature"), max_length=16, choices=FundingKind)
    status = models.CharField(
        _("état"), max_length=8, choices=FundingStatus, default=FundingStatus.PLANNED
    )
    label = models.CharField(_("libellé"), max_length=255, blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Document ou page web d'origine.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["-year", "-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(programme__isnull=False) | Q(beneficiary__isnull=False),
                name="funding_has_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=False) | Q(start_date__isnull=False),
                name="funding_has_year_or_period",
            ),
            end_not_before_start("funding_end_not_before_start", "start_date", "end_date"),
        ]

    def __str__(self):
        target = self.programme or self.beneficiary
        return f"{self.funder} → {target} : {self.amount} €"


@tracked(_("historique des chiffres clés"))
class Figure(models.Model):
    """A labelled value about a programme: « 23 familles logées en 2016 »."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="figures"
    )
    label = models.CharField(_("libellé"), max_length=255)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    approximation = models.CharField(
        _("précision"), max_length=8, choices=FigureApproximation, blank=True
    )
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    date = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = ProgrammePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=False) | Q(date__isnull=False),
                name="figure_has_year_or_date",
            ),
        ]

    def __str__(self):
        return f"{self.display_value} {self.label}"

    @property
    def display_value(self) -> str:
        """« près de 6 000 », in the number format of the page's language."""
        value = self.value if self.value % 1 else int(self.value)
        number = number_format(value, force_grouping=True)
        prefix = f"{self.get_approximation_display()} " if self.approximation else ""
        return f"{prefix}{number}{' ' + self.unit if self.unit else ''}"


track_links(
    Programme.themes,
    "programmes",
    "ProgrammeThemesEvent",
    _("historique des thèmes des programmes"),
)
track_links(
    Programme.audiences,
    "programmes",
    "ProgrammeAudiencesEvent",
    _("historique des publics des programmes"),
)
