"""Territory codes as people type them for a scope: INSEE codes of regions and departments.

A two-character code may name a region and a department at once (44: Grand Est and
Loire-Atlantique; 01 to 06: an overseas region and a department of mainland France). A code
naming only one territory is taken as is; an ambiguous one must say which it means,
``region:44`` or ``departement:44``, and is otherwise refused with both names.
"""

from django.utils.translation import gettext as _

from reference.enums import TerritoryLevel
from reference.models import Territory

PREFIXES = {
    "region": TerritoryLevel.REGION,
    "région": TerritoryLevel.REGION,
    "departement": TerritoryLevel.DEPARTMENT,
    "département": TerritoryLevel.DEPARTMENT,
    "dep": TerritoryLevel.DEPARTMENT,
}
LEVELS = [TerritoryLevel.REGION, TerritoryLevel.DEPARTMENT]


class UnknownTerritory(ValueError):
    pass


def resolve(text: str) -> Territory:
    """The region or department ``text`` names (``84``, ``86``, ``region:44``…)."""
    prefix, _sep, code = text.strip().rpartition(":")
    code = code.strip().upper()
    if prefix:
        level = PREFIXES.get(prefix.strip().lower())
        if level is None:
            raise UnknownTerritory(
                _("« %(text)s » : écrivez region:CODE ou departement:CODE.") % {"text": text}
            )
        levels = [level]
    else:
        levels = LEVELS
    found = list(Territory.objects.filter(level__in=levels, code=code).order_by("level"))
    if not found:
        raise UnknownTerritory(
            _("« %(text)s » n'est le code INSEE d'aucune région ni d'aucun département.")
            % {"text": text}
        )
    if len(found) > 1:
        region = next(t for t in found if t.level == TerritoryLevel.REGION)
        department = next(t for t in found if t.level == TerritoryLevel.DEPARTMENT)
        raise UnknownTerritory(
            _(
                "« %(code)s » désigne la région %(region)s et le département %(department)s : "
                "écrivez region:%(code)s ou departement:%(code)s."
            )
            % {"code": code, "region": region.name, "department": department.name}
        )
    return found[0]
