from django.db import models

from core.publishing import PublishableQuerySet
from core.scoping import PrivateChildQuerySet, ScopedQuerySet
from partners.enums import ImportStatus
from reference.territorial import TerritorialQuerySet


class OrganisationQuerySet(TerritorialQuerySet, PublishableQuerySet):
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

    def expired_previews(self, before):
        """Previews still waiting for a confirmation, uploaded before ``before``."""
        return self.filter(status=ImportStatus.PREVIEWED, created_at__lt=before)

    def expired_rejects(self, before):
        """Confirmed imports finished before ``before`` that still keep their refused rows."""
        return self.filter(status=ImportStatus.DONE, finished_at__lt=before).exclude(rejects=b"")


class MembershipQuerySet(ScopedQuerySet):
    """A membership belongs to its member: changed within the member's scope."""

    scope_path = "member__"


class ContactPersonQuerySet(PrivateChildQuerySet):
    """Contact people (personal data) are seen within their organisation's scope only."""

    scope_path = "organisation__"
