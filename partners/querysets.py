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


class ImportRecordQuerySet(models.QuerySet):
    def for_user(self, user):
        """The imports a user may see: their own, or every one for a superuser."""
        return self if user.is_superuser else self.filter(user=user)
