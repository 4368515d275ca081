"""A map of France by department, drawn on the server as inline SVG, shaded by a count.

The outlines are ``data/departments_map.json`` (sources, licences and how it was built:
``data/MAP_SOURCES.md``): the 96 metropolitan departments, the five overseas departments in
framed insets on the left and Paris with its inner ring (75, 92, 93, 94) enlarged at the top
left. Nothing is fetched at run time and the markup needs no JavaScript and no inline style:
its colours are the ``portal-map`` rules of ``static/css/portal.css``.

- ``render_department_map(counts, url_for, names, title=…)``: the ``<svg>``, each department a
  link named by its name and its count, and a legend.
- ``legend_classes(counts)`` and ``legend_class_for(count, classes)``: the shading classes and
  their ranges, for a table of the same figures to show the same classes as the map.
- ``map_credit()``: the credit of the outlines, to show with the map (CC BY 4.0 requires it).
"""

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reference.loaders import DATA_DIR, read_rows

MAP_FILE = DATA_DIR / "departments_map.json"
STEPS = 5  # shading classes for counts above zero, besides the one for zero
CSS_PREFIX = "portal-map"


@cache
def map_data() -> dict:
    """The outlines and the layout, read once per process."""
    with open(MAP_FILE, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def department_names() -> dict[str, str]:
    """INSEE code → name of the 101 departments, in the order of ``departments.csv``."""
    return {row["code"]: row["name"] for row in read_rows("departments.csv")}


@dataclass(frozen=True)
class LegendClass:
    """A shading class: the counts from ``low`` to ``high`` (both included)."""

    css_class: str
    low: int
    high: int

    @property
    def label(self) -> str:
        if self.low == self.high:
            return number_format(self.low, force_grouping=True)
        return _("%(low)s à %(high)s") % {
            "low": number_format(self.low, force_grouping=True),
            "high": number_format(self.high, force_grouping=True),
        }

    def __contains__(self, count: int) -> bool:
        return self.low <= count <= self.high


def legend_classes(counts: Mapping[str, int], steps: int = STEPS) -> list[LegendClass]:
    """The class for zero, then up to ``steps`` classes of the counts above zero.

    Their upper bounds are quantiles of the counts above zero (nearest rank), so each class
    holds at least one department; ranges meet (``1 à 2``, ``3 à 7``…) and the last ends at the
    largest count. With fewer classes than ``steps`` (few distinct counts), their colours are
    spread over the whole scale: ``{prefix}-n1`` is the lightest, ``{prefix}-n{steps}`` the
    darkest, ``{prefix}-n0`` is zero.
    """
    positive = sorted(count for count in _checked(counts).values() if count > 0)
    bounds = []
    for step in range(1, steps + 1):
        if positive:
            bound = positive[math.ceil(step * len(positive) / steps) - 1]
            if not bounds or bound > bounds[-1]:
                bounds.append(bound)
    classes = [LegendClass(f"{CSS_PREFIX}-n0", 0, 0)]
    for index, high in enumerate(bounds):
        if len(bounds) == 1:
            shade = (steps + 1) // 2
        else:
            shade = 1 + round(index * (steps - 1) / (len(bounds) - 1))
        low = bounds[index - 1] + 1 if index else 1
        classes.append(LegendClass(f"{CSS_PREFIX}-n{shade}", low, high))
    return classes


def legend_class_for(count: int, classes: list[LegendClass]) -> LegendClass:
    for legend_class in classes:
        if count in legend_class:
            return legend_class
    raise ValueError(f"{count} is in no class of the legend")


def programmes_label(count: int) -> str:
    """« aucun programme », « 1 programme », « 3 programmes »."""
    if count == 0:
        return _("aucun programme")
    return ngettext("%(count)s programme", "%(count)s programmes", count) % {
        "count": number_format(count, force_grouping=True)
    }


def render_department_map(
    counts: Mapping[str, int],
    url_for: Callable[[str], str],
    names: Mapping[str, str] | None = None,
    *,
    title: str,
    count_label: Callable[[int], str] = programmes_label,
    legend_title: str | None = None,
    id_prefix: str = "carte-departements",
) -> SafeString:
    """The map as an inline ``<svg>``: one link per department, shaded by its count.

    ``counts`` maps INSEE department codes to a count (a code left out counts 0);
    ``url_for(code)`` gives the address of a department's page; ``names`` the names shown
    (by default those of ``departments.csv``); ``count_label(n)`` the words for a count in a
    link's name (« 3 programmes »); ``id_prefix`` must be unique in the page. Each link is
    named « Nom : 3 programmes ». The enlarged copies of Paris and its inner ring are links
    too, for a mouse, but left out of the keyboard order and hidden from assistive technology:
    the real ones are in the main map.
    """
    counts = _checked(counts)
    names = {**department_names(), **(names or {})}
    classes = legend_classes(counts)
    data = map_data()
    title_id = f"{id_prefix}-titre"

    link = _linker(counts, names, url_for, count_label, classes)
    departments = format_html_join(
        "\n", "{}", ((link(code, data["departments"][code]),) for code in department_names())
    )
    zoom = data["zoom"]
    frames = [_frame(inset, names[inset["code"]]) for inset in data["insets"]]
    frames.append(_frame(zoom, _("Paris et petite couronne")))
    frames.extend(link(code, path, hidden=True) for code, path in zoom["departments"].items())
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{prefix}" viewBox="{view_box}" '
        'role="group" aria-labelledby="{title_id}">\n'
        '<title id="{title_id}">{title}</title>\n'
        '<g class="{prefix}-departments">\n{departments}\n</g>\n'
        '<g class="{prefix}-insets" aria-hidden="true">\n{frames}\n</g>\n'
        "{legend}\n"
        "</svg>",
        prefix=CSS_PREFIX,
        view_box=data["viewBox"],
        title_id=title_id,
        title=title,
        departments=departments,
        frames=format_html_join("\n", "{}", ((frame,) for frame in frames)),
        legend=_legend(classes, legend_title or _("Nombre de programmes"), data["legend"]),
    )


def _linker(counts, names, url_for, count_label, classes):
    """``link(code, path, hidden=False)``: a department's outline as a link named by its name
    and count, shaded by its count's class."""

    def link(code, path, hidden=False):
        count = counts.get(code, 0)
        label = _("%(name)s : %(count)s") % {"name": names[code], "count": count_label(count)}
        return format_html(
            '<a href="{}" aria-label="{}"{}><title>{}</title><path class="{}" d="{}"/></a>',
            url_for(code),
            label,
            mark_safe(' tabindex="-1"') if hidden else "",
            label,
            legend_class_for(count, classes).css_class,
            path,
        )

    return link


def map_credit() -> SafeString:
    """The credit of the outlines, with their licences, to show next to the map."""
    return format_html(
        _(
            "Contours des départements : {mapsvg}, licence {licence}, simplifiée ; "
            "départements d'outre-mer : {natural_earth} (domaine public)."
        ),
        mapsvg=format_html(
            '<span lang="en">France departments</span>, <a href="{}">MapSVG</a>',
            "https://mapsvg.com/maps/france-departments",
        ),
        licence=format_html(
            '<a href="{}">CC BY 4.0</a>', _("https://creativecommons.org/licenses/by/4.0/deed.fr")
        ),
        natural_earth=format_html(
            '<a href="{}">Natural Earth</a>', "https://www.naturalearthdata.com/"
        ),
    )


def _checked(counts: Mapping[str, int]) -> dict[str, int]:
    unknown = sorted(set(counts) - set(department_names()))
    if unknown:
        raise ValueError(f"Not department codes: {', '.join(unknown)}")
    negative = sorted(code for code, count in counts.items() if count < 0)
    if negative:
        raise ValueError(f"Negative counts for: {', '.join(negative)}")
    return dict(counts)


def _frame(frame, label):
    """The frame of an inset, labelled above."""
    x, y = frame["x"], frame["y"]
    return format_html(
        '<rect class="{}-frame" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="{}-label" x="{}" y="{}">{}</text>',
        CSS_PREFIX,
        x,
        y,
        frame["width"],
        frame["height"],
        CSS_PREFIX,
        x + 2,
        y - 3,
        label,
    )


def _legend(classes, legend_title, origin):
    x, y = origin["x"], origin["y"]
    rows = format_html_join(
        "\n",
        '<rect class="{}" x="{}" y="{}" width="16" height="12"/>'
        '<text class="{}-legend-label" x="{}" y="{}">{}</text>',
        (
            (
                legend_class.css_class,
                x,
                y + 10 + 18 * index,
                CSS_PREFIX,
                x + 22,
                y + 20 + 18 * index,
                legend_class.label,
            )
            for index, legend_class in enumerate(classes)
        ),
    )
    return format_html(
        '<g class="{}-legend">\n<text class="{}-legend-title" x="{}" y="{}">{}</text>\n{}\n</g>',
        CSS_PREFIX,
        CSS_PREFIX,
        x,
        y,
        legend_title,
        rows,
    )
