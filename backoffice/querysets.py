from django.db.models import Q

from core.scoping import ScopedQuerySet


class CorrectionReportQuerySet(ScopedQuerySet):
    """A report follows its record's scope (a scheme's: administrators'); staff only."""

    def scope_q(self, scope):
        national = Q() if scope.everything else Q(pk__in=[])
        return (
            (Q(programme__isnull=False) & scope.q("programme__"))
            | (Q(organisation__isnull=False) & scope.q("organisation__"))
            | (Q(event__isnull=False) & scope.q("event__"))
            | (Q(scheme__isnull=False) & national)
        )

    def for_user(self, user):
        return self.within_scope(user)

    def erase_old_addresses(self, before) -> int:
        """Erase the e-mail address (personal data) of the reports received before ``before``;
        return how many were erased."""
        return self.filter(created_at__lt=before).exclude(email="").update(email="")

    def waiting(self):
        return self.filter(is_handled=False)
