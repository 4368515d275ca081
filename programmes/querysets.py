from django.db import models
from django.db.models import Q

from core.publishing import PublishableQuerySet
from core.scoping import PUBLIC_STATES, NationalQuerySet, ScopedQuerySet
from reference.territorial import TerritorialQuerySet


class SchemeQuerySet(NationalQuerySet, PublishableQuerySet):
    """Schemes are national: seen once published, changed by administrators."""


class ProgrammeQuerySet(TerritorialQuerySet, PublishableQuerySet):
    def with_list_relations(self):
        return self.select_related("scheme", "territory", "lead_organisation")

    def with_detail_relations(self):
        from partners.models import Organisation
        from programmes.models import Funding, ProgrammePartner

        return self.select_related("scheme", "territory", "lead_organisation").prefetch_related(
            "themes",
            "audiences",
            models.Prefetch(
                "partnerships",
                queryset=ProgrammePartner.objects.filter(
                    organisation__in=Organisation.objects.published()
                ).select_related("organisation"),
            ),
            "figures",
            models.Prefetch("fundings", queryset=Funding.objects.select_related("funder")),
        )


class ProgrammePartQuerySet(ScopedQuerySet):
    """A programme's partners and figures follow their programme."""

    scope_path = "programme__"


class FundingQuerySet(ScopedQuerySet):
    """A funding follows the programme it funds, or else the organisation it funds."""

    def scope_q(self, scope):
        return (Q(programme__isnull=False) & scope.q("programme__")) | (
            Q(programme__isnull=True) & scope.q("beneficiary__")
        )

    def public_q(self):
        return Q(programme__isnull=False, programme__publication_state__in=PUBLIC_STATES) | Q(
            programme__isnull=True, beneficiary__publication_state__in=PUBLIC_STATES
        )
