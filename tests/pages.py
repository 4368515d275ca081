"""Public pages in tests: every page type of the demo (for the checkers of accessibility and
HTML), and reading pages: the options of a facet, the titles of the results."""

import re

from bs4 import BeautifulSoup
from bs4.element import Tag
from django.utils import translation

LANGUAGES = ["fr", "en"]


def parse(page) -> BeautifulSoup:
    """The page as a tree (an HTML string, bytes, or a test client's response)."""
    if hasattr(page, "content"):
        page = page.content
    if isinstance(page, bytes):
        page = page.decode()
    return BeautifulSoup(page, "html.parser")


def _tree(page) -> Tag:
    return page if isinstance(page, Tag) else parse(page)


def text(page) -> str:
    """The text a person reads (scripts and styles left out), spaces collapsed (not the
    no-break ones)."""
    return re.sub(r"[ \n\t\r]+", " ", _tree(page).get_text(" ")).strip()


def words(element: Tag) -> str:
    """An element's text as one reads it in a line (inline tags add no space)."""
    return re.sub(r"[ \n\t\r]+", " ", element.get_text()).strip()


def find(page, selector: str) -> Tag:
    """The one element the CSS selector names (fails when there is none)."""
    element = _tree(page).select_one(selector)
    assert element is not None, f"nothing matches {selector!r}"
    return element


def texts(page, selector: str) -> list[str]:
    """The text of each element the CSS selector names, in order."""
    return [words(element) for element in _tree(page).select(selector)]


def heading(page) -> str:
    """The page's main heading."""
    return words(find(page, "h1"))


def language(page) -> str:
    """The page's language (``<html lang>``)."""
    return find(page, "html")["lang"]


def head_link(page, rel: str, **attributes) -> str:
    """The address of the ``<link rel=…>`` of the page's head with these attributes."""
    return find(
        page, f'link[rel="{rel}"]' + "".join(f'[{k}="{v}"]' for k, v in attributes.items())
    )["href"]


def meta(page, prop: str) -> str:
    """The content of the page's ``<meta property=…>``."""
    return find(page, f'meta[property="{prop}"]')["content"]


def link(page, label: str) -> Tag:
    """The link whose text is the label (fails unless there is exactly one)."""
    found = [a for a in _tree(page).find_all("a") if words(a) == label]
    assert len(found) == 1, f"{len(found)} links read {label!r}"
    return found[0]


def hrefs(page) -> set[str]:
    """The addresses the page's links lead to."""
    return {a["href"] for a in _tree(page).find_all("a", href=True)}


def table_rows(page) -> list[list[str]]:
    """The rows of the page's tables, each as the text of its cells."""
    return [texts(row, "th, td") for row in _tree(page).select("tr")]


def options(page, name: str) -> dict[str, str]:
    """A facet's options: value → label as shown (« Logement (3) »), the empty one left out;
    the selected one's label ends with « [x] »."""
    select = find(page, f'select[name="{name}"]')
    return {
        option["value"]: words(option) + (" [x]" if option.has_attr("selected") else "")
        for option in select.find_all("option")
        if option.get("value")
    }


def card_titles(page) -> list[str]:
    """The titles of the cards of a list, in order."""
    return texts(page, ".fr-card__title a")


# Every public page type of the demo (tests/browser/test_accessibility.py,
# tests/integration_portal/test_html.py).


def programme():
    from programmes.models import Programme

    return Programme.objects.get(
        title="Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers"
    )


def scheme():
    from programmes.models import Scheme

    return Scheme.objects.get(name="Plan de traitement des foyers de travailleurs migrants")


def organisation():
    from partners.models import Organisation

    return Organisation.objects.get(name="Ville de Poitiers")


def event():
    from events.models import Event

    return Event.objects.get(title__startswith="Deuxièmes rencontres interrégionales du plan")


# Each page type: a French address, or a function of the demo's records giving one.
PAGES = {
    "home": "/",
    "programme-list": "/programmes/",
    "programme-list-empty": "/programmes/?statut=termine&region=11",
    "programme-detail": lambda: programme().get_absolute_url(),
    "scheme-list": "/dispositifs/",
    "scheme-detail": lambda: scheme().get_absolute_url(),
    "organisation-list": "/structures/",
    "organisation-detail": lambda: organisation().get_absolute_url(),
    "event-list": "/evenements/",
    "event-list-past": "/evenements/?quand=passes",
    "event-calendar": "/evenements/calendrier/?mois=2019-06",
    "event-detail": lambda: event().get_absolute_url(),
    "territories": "/territoires/",
    "territory-region": "/territoires/regions/75/",
    "territory-department": "/territoires/departements/86/",
    "search": "/recherche/?q=integration",
    "search-no-result": "/recherche/?q=zzyzx",
    "accessibility": "/accessibilite/",
    "legal-notice": "/mentions-legales/",
    "open-data": "/donnees-ouvertes/",
    "embedded-agenda": "/integrer/evenements/?territoire=region-44",
    "report-error": lambda: f"/signaler/programme/{programme().pk}/",
}


def address(page_name, language):
    """The page's address in the language: English pages are the French ones under /en/."""
    target = PAGES[page_name]
    with translation.override("fr"):
        path = target() if callable(target) else target
    return path if language == "fr" else "/" + language + path
