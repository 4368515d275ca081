from django.db import models

from reference.publishing import PublishableQuerySet


class OrganisationQuerySet(PublishableQuerySet):
    def with_list_relations(self):
        return self.select_related("commune").prefetch_related("themes")

    def with_detail_relations(self):
        return self.select_related("commune", "territory").prefetch_related(
            "themes",
            models.Prefetch(
                "networks",
                queryset=self.model.objects.published().order_by("name"),
            ),
        )

    def networks(self):
        from partners.enums import OrganisationKind

        return self.filter(kind=OrganisationKind.NETWORK)
