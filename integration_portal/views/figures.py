"""Figures of the public pages: records counted by territory, the map of departments."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from reference import territories
from reference.maps import legend_class_for, legend_classes, map_credit, render_department_map


def counts_by(queryset, column) -> dict[str, int]:
    """The records counted by a code column (region_code, department_code)."""
    rows = queryset.order_by().values_list(column).annotate(count=Count("pk"))
    return {code or "": count for code, count in rows}


def department_map(programmes) -> dict:
    """The map of programmes by department, and the same figures as a table."""
    counts = {
        code: count
        for code, count in counts_by(programmes, "department_code").items()
        if code in territories.departments()
    }
    classes = legend_classes(counts)
    return {
        "svg": render_department_map(
            counts,
            lambda code: reverse("territory_department", args=[code]),
            title=_("Nombre de programmes publiés par département"),
        ),
        "credit": map_credit(),
        "rows": [
            {
                "place": place,
                "url": reverse("territory_department", args=[code]),
                "count": counts.get(code, 0),
                "class": legend_class_for(counts.get(code, 0), classes).css_class,
            }
            for code, place in territories.departments().items()
        ],
    }
