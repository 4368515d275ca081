"""Who may reach which records: the territorial scope of staff members.

A staff member's scope is a set of regions and departments, or everything for national
administrators (``staff.User.scope``). Records carry their region and department codes
(``TerritoryCodes``, kept by the database): a record is within a scope when its region is one
of the scope's regions or its department one of its departments, so a region's scope holds
what is attached to its departments and communes. Records attached to no territory are
national: within an administrator's scope only.

The querysets say it once, for every admin list, autocomplete, action, history and export,
the way pretalx scopes by event:

- ``Programme.objects.within_scope(user)``: the records the user's scope covers (what they
  may change, if their role lets them change anything);
- ``Programme.objects.for_user(user)``: what they may see: published and archived records,
  and everything within their scope (never another territory's drafts).

Children (figures, agenda items, contact people…) follow the record they belong to.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

from core.enums import PublicationState

# The states a record is seen in by anyone: published, or archived (its page says so).
PUBLIC_STATES = (PublicationState.PUBLISHED, PublicationState.ARCHIVED)
NOTHING_Q = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """Regions and departments (INSEE codes), or everything."""

    everything: bool = False
    regions: frozenset = frozenset()
    departments: frozenset = frozenset()

    def q(self, path: str = "") -> Q:
        """The records within this scope; ``path`` leads to the record carrying the codes."""
        if self.everything:
            return Q()
        condition = NOTHING_Q
        if self.regions:
            condition |= Q(**{f"{path}region_code__in": sorted(self.regions)})
        if self.departments:
            condition |= Q(**{f"{path}department_code__in": sorted(self.departments)})
        return condition

    def covers(self, region_code: str, department_code: str) -> bool:
        return (
            self.everything
            or (bool(region_code) and region_code in self.regions)
            or (bool(department_code) and department_code in self.departments)
        )

    def sees(self, record) -> bool:
        """Whether this scope sees ``record``, a record with a publication state: the rule
        of ``for_user`` on one instance (published or archived, or within the scope; records
        without territory codes are national)."""
        if self.everything or record.publication_state in PUBLIC_STATES:
            return True
        return hasattr(record, "region_code") and self.covers(
            record.region_code, record.department_code
        )


NOTHING = Scope()
EVERYTHING = Scope(everything=True)


def scope_of(user) -> Scope:
    """The user's scope (nothing for visitors and accounts without one)."""
    scope = getattr(user, "scope", None)
    return scope if isinstance(scope, Scope) else NOTHING


class ScopedQuerySet(models.QuerySet):
    """Records placed by their own territory codes and seen by all once published."""

    # The way from this model to the record that carries the territory codes and the
    # publication state: "" for the record itself, "programme__" for its figures…
    scope_path = ""

    def scope_q(self, scope: Scope) -> Q:
        return scope.q(self.scope_path)

    def public_q(self) -> Q:
        return Q(**{f"{self.scope_path}publication_state__in": PUBLIC_STATES})

    def within_scope(self, user):
        return self.filter(self.scope_q(scope_of(user)))

    def seen_q(self, scope: Scope) -> Q:
        """The records ``scope`` sees: published and archived ones, and those within it."""
        return Q() if scope.everything else self.public_q() | self.scope_q(scope)

    def for_user(self, user):
        return self.filter(self.seen_q(scope_of(user)))


class NationalQuerySet(ScopedQuerySet):
    """Records attached to no territory (schemes, event series, reference lists): seen by all
    staff (published ones, when they have a publication state), changed by administrators."""

    published_state = True

    def scope_q(self, scope: Scope) -> Q:
        return Q() if scope.everything else NOTHING_Q

    def public_q(self) -> Q:
        return super().public_q() if self.published_state else Q()


class ReferenceQuerySet(NationalQuerySet):
    """Lists with no publication state: seen by all staff, changed by administrators."""

    published_state = False

    def for_user(self, user):
        return self.all()


class PrivateChildQuerySet(ScopedQuerySet):
    """Staff-only children (contact people: personal data): seen within scope only."""

    def for_user(self, user):
        return self.within_scope(user)


def narrow_autocomplete(model_admin, request, queryset):
    """In an autocomplete request (``/admin/autocomplete/?app_label=…&model_name=…&
    field_name=…``), let the admin of the model whose field asks narrow the choices with its
    ``autocomplete_choices(request, field_name, queryset)``: a figure's programme must be one
    the user may change, a programme's territory one within their scope."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return queryset
    try:
        source = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
    except (LookupError, ValueError):
        return queryset
    source_admin = model_admin.admin_site._registry.get(source)
    narrow = getattr(source_admin, "autocomplete_choices", None)
    if narrow is None:
        return queryset
    return narrow(request, request.GET.get("field_name", ""), queryset)
