from django.db import models

from reference.publishing import PublishableQuerySet


class SchemeQuerySet(PublishableQuerySet):
    pass


class ProgrammeQuerySet(PublishableQuerySet):
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
