"""What a visitor does on the public portal, in the headless Chromium: search from the home
page, filter a list with the keyboard only, turn its pages, read it in English, find a place.

The tests that only read share one live server and one load of the demo
(``shared_live_demo``); the one that adds programmes has a database of its own (``live_demo``).
"""

import re

import pytest
from playwright.sync_api import expect

from programmes.models import Scheme
from reference.models import Territory
from tests.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def focus_by_tab(page, name, *, limit=20):
    """Press Tab until the element named ``name`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.labels && e.labels.length ? e.labels[0].innerText"
            " : (e.getAttribute('aria-label') || e.innerText); }"
        )
        if focused.strip().startswith(name):
            return
    raise AssertionError(f"{name!r} not reached in {limit} presses of Tab")


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def test_a_visitor_searches_from_the_home_page_and_opens_a_result(shared_live_demo, page):
    page.goto(shared_live_demo.url + "/")

    page.get_by_role(
        "searchbox", name="Rechercher un programme, une structure, un événement ou un lieu"
    ).click()
    page.keyboard.type("foyers")
    page.keyboard.press("Enter")

    page.wait_for_url("**/recherche/?q=foyers")
    assert heading(page) == "Recherche"
    assert page.get_by_role("status").inner_text() == "4 résultats pour « foyers »"
    results = page.locator(".portal-result h2")
    assert results.all_inner_texts() == [
        "PTFTM – Plan de traitement des foyers de travailleurs migrants",
        "Deuxièmes rencontres interrégionales du plan de traitement des foyers de travailleurs "
        "migrants (PTFTM), Grand-Est et Hauts-de-France",
        "Résidence sociale « Koenigshoffen »",
        "Commission interministérielle pour le logement des populations immigrées (Cilpi)",
    ]
    assert results.first.locator("mark").all_inner_texts() == ["foyers"]

    results.nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/evenements/\d+-"))
    assert heading(page) == (
        "Deuxièmes rencontres interrégionales du plan de traitement des foyers de travailleurs "
        "migrants (PTFTM), Grand-Est et Hauts-de-France"
    )
    assert "du 7 au 8 juin 2019" in page.locator("dl").inner_text()


def test_a_visitor_filters_the_programmes_with_the_keyboard_only(shared_live_demo, page):
    page.goto(shared_live_demo.url + "/programmes/")
    assert page.get_by_role("status").inner_text() == "9 résultats"
    page.get_by_label("Rechercher un programme").focus()

    focus_by_tab(page, "Région")
    page.keyboard.type("Nouv")  # the list's type-ahead: « Nouvelle-Aquitaine (2) »
    assert page.get_by_label("Région", exact=True).input_value() == "75"
    focus_by_tab(page, "Appliquer")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/programmes/\?.*region=75"))
    assert page.get_by_role("status").inner_text() == "2 résultats"
    assert page.locator(".fr-card__title").all_inner_texts() == [
        "Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers",
        "Ressources pour les mineurs isolés en Vienne (REMIV)",
    ]
    assert page.get_by_label("Région", exact=True).input_value() == "75"
    tag = page.get_by_role("link", name="Retirer le filtre Région : Nouvelle-Aquitaine")
    assert tag.inner_text() == "Région : Nouvelle-Aquitaine"

    tag.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "region=75" not in url)
    assert page.get_by_role("status").inner_text() == "9 résultats"
    assert page.locator(".portal-active-filters").count() == 0
    assert page.get_by_label("Région", exact=True).input_value() == ""


def test_a_visitor_reads_the_filtered_list_in_english(shared_live_demo, page):
    page.goto(shared_live_demo.url + "/programmes/")
    page.get_by_label("Statut", exact=True).select_option(label="Terminé (2)")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile(r"statut=termine"))
    assert page.get_by_role("status").inner_text() == "2 résultats"

    page.get_by_role("link", name="English", exact=True).click()

    page.wait_for_url(re.compile(r"/en/programmes/\?.*statut=termine"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == "Programmes"
    assert page.get_by_role("status").inner_text() == "2 results"
    assert page.get_by_label("Status", exact=True).input_value() == "termine"
    assert page.get_by_role("link", name="Remove the filter Status: Completed").is_visible()
    assert page.locator(".fr-card__title").all_inner_texts() == [
        "Expérimentation « Un toit, un emploi »",
        "Résidence sociale « Koenigshoffen »",
    ]
    assert (
        page.get_by_role("link", name="Français", exact=True)
        .get_attribute("href")
        .startswith("/programmes/?")
    )


def test_a_visitor_searches_a_place_and_lands_on_its_department(shared_live_demo, page):
    page.goto(shared_live_demo.url + "/")

    page.get_by_role(
        "searchbox", name="Rechercher un programme, une structure, un événement ou un lieu"
    ).fill("Poitiers")
    page.keyboard.press("Enter")

    page.wait_for_url("**/recherche/?q=Poitiers")
    assert page.locator(".fr-callout__title").inner_text() == "« Poitiers » est aussi un lieu"
    page.get_by_role("link", name="Vienne (86)").click()

    page.wait_for_url("**/territoires/departements/86/")
    assert heading(page) == "Vienne (86)"
    figures = page.locator(".portal-figure").all_inner_texts()
    assert figures[0] == "2 programmes"
    assert page.locator(".fr-card__title").all_inner_texts() == [
        "Ressources pour les mineurs isolés en Vienne (REMIV)",
        "Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers",
    ]


def test_on_a_phone_a_visitor_searches_from_the_header(shared_live_demo, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(shared_live_demo.url + "/programmes/")
    search = page.get_by_role("searchbox", name="Rechercher sur le portail")
    expect(search).to_be_hidden()  # behind its button, not squeezed beside the brand

    page.locator(".fr-header__navbar").get_by_role("button", name="Rechercher").click()
    expect(search).to_be_visible()
    search.fill("Koenigshoffen")
    search.press("Enter")

    page.wait_for_url("**/recherche/?q=Koenigshoffen")
    assert page.get_by_role("status").inner_text() == "2 résultats pour « Koenigshoffen »"
    context.close()


def test_the_pages_of_a_filtered_list_keep_the_filter(live_demo, page):
    # The demo has 9 programmes, one page: 21 more in the Vienne make two pages of its own.
    scheme = Scheme.objects.get(acronym="CTAIR")
    vienne = Territory.objects.get(level="departement", code="86")
    for number in range(21):
        ProgrammeFactory(title=f"Accueil en Vienne n° {number:02}", scheme=scheme, territory=vienne)
    page.goto(live_demo.url + "/programmes/")
    page.get_by_label("Département", exact=True).select_option("86")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile(r"departement=86"))
    assert page.get_by_role("status").inner_text() == "23 résultats"
    assert page.locator(".fr-card__title").count() == 20

    page.get_by_role("link", name="Page suivante").click()

    page.wait_for_url(re.compile(r"departement=86.*page=2"))
    assert page.get_by_role("status").inner_text() == "23 résultats"
    assert page.locator(".fr-card__title").count() == 3
    assert page.get_by_label("Département", exact=True).input_value() == "86"
    assert page.get_by_role("link", name="Retirer le filtre Département : Vienne (86)").is_visible()
    assert page.get_by_role("link", name="Page précédente").get_attribute("rel") == "prev"
