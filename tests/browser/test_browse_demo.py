import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_visitor_browses_from_the_home_page_to_a_programme_and_its_partner(live_demo, page):
    page.goto(live_demo.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role(
        "link", name="Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers"
    )
    assert "200\u202f000 € par an" in page.locator("table").first.inner_text()

    page.get_by_role("link", name="Ville de Poitiers").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Ville de Poitiers"
    assert "Association nationale des villes et territoires accueillants" in page.content()


def test_a_visitor_reads_a_past_event(live_demo, page):
    page.goto(live_demo.url + "/evenements/")
    page.get_by_role("link", name="Passés").click()
    page.get_by_role("link", name="62ème atelier thématique de la Dihal").click()
    page.wait_for_load_state()
    details = page.locator("dl").inner_text()
    assert "mercredi 16 mai 2018" in details
    assert "Station F, Paris" in details
    page.get_by_role("link", name="Aller au contenu").focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#content"
