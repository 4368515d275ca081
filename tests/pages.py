"""Public pages in tests: every page type of the demo (for the checkers of accessibility and
HTML), and reading pages: the options of a facet, the titles of the results."""

import html as html_module
import re

from django.utils import translation

LANGUAGES = ["fr", "en"]


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
