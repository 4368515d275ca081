"""Reading public pages in tests: the options of a facet, the titles of the results."""

import html as html_module
import re


def options(page: str, name: str) -> dict[str, str]:
    """A facet's options: value → label as shown (« Logement (3) »), the empty one left out;
    the selected one's label ends with « [x] »."""
    select = re.search(rf'<select[^>]* name="{name}">(.*?)</select>', page, re.DOTALL)
    assert select, f"no select named {name}"
    found = {}
    for value, selected, label in re.findall(
        r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select[1]
    ):
        if value:
            found[value] = html_module.unescape(label) + (" [x]" if selected else "")
    return found


def card_titles(page: str) -> list[str]:
    """The titles of the cards of a list, in order."""
    return [
        html_module.unescape(re.sub(r"<[^>]+>", "", title))
        for title in re.findall(r'class="fr-card__title"[^>]*><a href="[^"]+">(.*?)</a>', page)
    ]


def text(page: str) -> str:
    """The page's text, tags removed, spaces collapsed (not the no-break ones)."""
    return re.sub(r"[ \n]+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", page)))
