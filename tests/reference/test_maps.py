import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from reference.loaders import read_rows
from reference.maps import (
    MAP_FILE,
    LegendClass,
    department_names,
    legend_class_for,
    legend_classes,
    map_credit,
    map_data,
    render_department_map,
)

SVG = "{http://www.w3.org/2000/svg}"
CODES = [row["code"] for row in read_rows("departments.csv")]


def url_for(code):
    return f"/territoires/departements/{code}/"


def render(counts, names=None, **options):
    options.setdefault("title", "Nombre de programmes par département")
    return render_department_map(counts, url_for, names, **options)


def parse(svg):
    return ET.fromstring(str(svg))


def links(root):
    """The links of the main map, by department code (read from their address)."""
    found = {}
    for link in root.find(f"{SVG}g[@class='portal-map-departments']").iter(f"{SVG}a"):
        code = re.fullmatch(r"/territoires/departements/(\w+)/", link.get("href")).group(1)
        found[code] = link
    return found


def test_the_outline_file_is_small_and_has_a_path_for_each_of_the_101_departments():
    data = map_data()
    assert MAP_FILE.stat().st_size < 150_000
    assert len(CODES) == 101
    assert set(data["departments"]) == set(CODES)
    for code in CODES:
        assert re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", data["departments"][code]), code
    assert [inset["code"] for inset in data["insets"]] == ["971", "972", "973", "974", "976"]
    assert sorted(data["zoom"]["departments"]) == ["75", "92", "93", "94"]
    assert map_data() is data  # read once


def test_the_map_parses_as_svg_with_a_view_box_and_is_named_by_its_title():
    root = parse(render({}, title="Carte des programmes"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 737 585"
    assert root.get("role") == "group"
    title = root.find(f"{SVG}title")
    assert (title.get("id"), title.text) == ("carte-departements-titre", "Carte des programmes")
    assert root.get("aria-labelledby") == "carte-departements-titre"


def test_every_department_is_one_link_to_its_page_named_by_its_name_and_count():
    root = parse(render({"63": 3, "2A": 1, "976": 12}))
    found = links(root)
    assert list(found) == CODES  # in the order of departments.csv, each once
    label = {code: link.get("aria-label") for code, link in found.items()}
    assert label["63"] == "Puy-de-Dôme : 3 programmes"
    assert label["2A"] == "Corse-du-Sud : 1 programme"
    assert label["976"] == "Mayotte : 12 programmes"
    assert label["01"] == "Ain : aucun programme"
    assert found["63"].find(f"{SVG}title").text == "Puy-de-Dôme : 3 programmes"
    assert found["63"].find(f"{SVG}path").get("d") == map_data()["departments"]["63"]
    assert all(link.get("tabindex") is None for link in found.values())


def test_the_enlarged_copies_of_paris_are_hidden_from_assistive_technology_and_the_tab_order():
    root = parse(render({"75": 5}))
    insets = root.find(f"{SVG}g[@class='portal-map-insets']")
    assert insets.get("aria-hidden") == "true"
    copies = insets.findall(f"{SVG}a")
    assert [link.get("href") for link in copies] == [url_for(c) for c in ["75", "92", "93", "94"]]
    assert {link.get("tabindex") for link in copies} == {"-1"}
    assert copies[0].get("aria-label") == "Paris : 5 programmes"
    labels = [text.text for text in insets.iter(f"{SVG}text")]
    assert labels == [
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
        "Paris et petite couronne",
    ]


def test_shading_class_from_the_count_zero_low_and_high():
    found = links(parse(render({"13": 1, "69": 0, "75": 40})))

    def shade(code):
        return found[code].find(f"{SVG}path").get("class")

    assert shade("69") == "portal-map-n0"
    assert shade("01") == "portal-map-n0"  # left out: zero
    assert shade("13") == "portal-map-n1"
    assert shade("75") == "portal-map-n5"


def test_legend_classes_are_quantiles_of_the_counts_above_zero_and_meet():
    counts = dict(zip(CODES, [0, 0, *range(1, 11)], strict=False))
    assert legend_classes(counts) == [
        LegendClass("portal-map-n0", 0, 0),
        LegendClass("portal-map-n1", 1, 2),
        LegendClass("portal-map-n2", 3, 4),
        LegendClass("portal-map-n3", 5, 6),
        LegendClass("portal-map-n4", 7, 8),
        LegendClass("portal-map-n5", 9, 10),
    ]
    classes = legend_classes(counts)
    assert [c.label for c in classes] == ["0", "1 à 2", "3 à 4", "5 à 6", "7 à 8", "9 à 10"]
    assert legend_class_for(7, classes).css_class == "portal-map-n4"
    with pytest.raises(ValueError):
        legend_class_for(11, classes)


def test_few_distinct_counts_give_fewer_classes_spread_over_the_colours():
    assert legend_classes({"01": 4, "02": 4}) == [
        LegendClass("portal-map-n0", 0, 0),
        LegendClass("portal-map-n3", 1, 4),
    ]
    assert legend_classes({"01": 1, "02": 9, "03": 1}) == [
        LegendClass("portal-map-n0", 0, 0),
        LegendClass("portal-map-n1", 1, 1),
        LegendClass("portal-map-n5", 2, 9),
    ]
    assert legend_classes({}) == [LegendClass("portal-map-n0", 0, 0)]


def test_the_legend_in_the_map_shows_the_same_classes_and_ranges():
    counts = {"01": 1, "02": 9, "03": 1}
    root = parse(render(counts, legend_title="Programmes"))
    legend = root.find(f"{SVG}g[@class='portal-map-legend']")
    texts = [text.text for text in legend.iter(f"{SVG}text")]
    assert texts == ["Programmes", "0", "1", "2 à 9"]
    swatches = [rect.get("class") for rect in legend.iter(f"{SVG}rect")]
    assert swatches == [c.css_class for c in legend_classes(counts)]


def test_names_and_title_passed_in_are_escaped():
    hostile = '<script>alert("x")</script> & <a href="javascript:1">'
    svg = str(render({"01": 2}, names={"01": hostile, "971": hostile}, title=hostile))
    assert "<script>" not in svg
    assert 'href="javascript' not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in svg
    root = parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == hostile
    assert links(root)["01"].get("aria-label") == f"{hostile} : 2 programmes"
    inset_labels = [t.text for t in root.find(f"{SVG}g[@class='portal-map-insets']").iter()]
    assert hostile in inset_labels


def test_no_inline_style_so_that_a_content_security_policy_can_forbid_it():
    root = parse(render({"01": 2}))
    assert not [element for element in root.iter() if element.get("style") is not None]
    assert root.find(f".//{SVG}style") is None


def test_every_shading_class_has_a_colour_in_the_portal_stylesheet():
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    for shade in range(6):
        assert re.search(rf"\.portal-map-n{shade} \{{ fill: #[0-9a-f]{{6}}; \}}", css), shade
    assert ".portal-map a:focus path" in css


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="Not department codes: 20, 84000"):
        render({"20": 1, "84000": 2, "84": 3})
    with pytest.raises(ValueError, match="Negative counts for: 01"):
        render({"01": -1})


def test_department_names_default_to_the_reference_list():
    assert list(department_names()) == CODES
    label = links(parse(render({}, names={"01": "Ain (01)"})))
    assert label["01"].get("aria-label") == "Ain (01) : aucun programme"
    assert label["02"].get("aria-label") == "Aisne : aucun programme"


def test_the_credit_names_the_sources_and_the_licence():
    credit = str(map_credit())
    assert "MapSVG" in credit
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr"' in credit
    assert "licence <a" in credit
    assert "Natural Earth" in credit
    assert "domaine public" in credit
