from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.scoping import EVERYTHING, Scope
from reference.enums import TerritoryLevel
from staff.enums import Role
from staff.roles import GROUP_NAMES


class User(AbstractUser):
    """A staff account: Django's user, with the regions and departments it answers for.

    The role is the account's group (``staff.roles``); the scope is ``territories``, or
    everything for administrators and superusers (README, « Rôles et périmètre »).
    """

    territories = models.ManyToManyField(
        "reference.Territory",
        verbose_name=_("périmètre"),
        blank=True,
        related_name="+",
        limit_choices_to={"level__in": [TerritoryLevel.REGION, TerritoryLevel.DEPARTMENT]},
        help_text=_(
            "Régions et départements dont le compte tient les fiches (et les territoires "
            "qu'ils contiennent). Sans effet pour un administrateur national."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["username"]

    @cached_property
    def role(self) -> Role | None:
        """The account's role: administrator for superusers, else its highest role group."""
        if self.is_superuser:
            return Role.ADMINISTRATOR
        if not self.pk or not self.is_active:
            return None
        names = set(
            self.groups.filter(name__in=GROUP_NAMES.values()).values_list("name", flat=True)
        )
        for role in Role:  # highest first
            if GROUP_NAMES[role] in names:
                return role
        return None

    @cached_property
    def scope(self) -> Scope:
        """What the account answers for: everything for administrators, else its territories."""
        if self.role == Role.ADMINISTRATOR:
            return EVERYTHING
        if not self.pk or not self.is_active:
            return Scope()
        regions, departments = set(), set()
        for level, code in self.territories.values_list("level", "code"):
            (regions if level == TerritoryLevel.REGION else departments).add(code)
        return Scope(regions=frozenset(regions), departments=frozenset(departments))

    def forget_role_and_scope(self):
        """Read the role and scope again on next use (after changing them)."""
        for name in ("role", "scope"):
            self.__dict__.pop(name, None)
